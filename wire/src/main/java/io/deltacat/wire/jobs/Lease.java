package io.deltacat.wire.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code Lease}. */
@WireSchema("Lease")
public record Lease(
        @JsonProperty(value = "jobId", required = true) String jobId,
        @JsonProperty(value = "fencingToken", required = true) Long fencingToken,
        @JsonProperty(value = "deadline", required = true) Long deadline,
        @JsonProperty(value = "state", required = true) JobState state) {
}
