package io.deltacat.wire.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code JobFailure}. */
@WireSchema("JobFailure")
public record JobFailure(
        @JsonProperty(value = "jobId", required = true) String jobId,
        @JsonProperty(value = "fencingToken", required = true) Long fencingToken,
        @JsonProperty(value = "error", required = true) String error,
        @JsonProperty("retryable") Boolean retryable) {
}
