package io.deltacat.wire.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code ClaimedJob}. */
@WireSchema("ClaimedJob")
public record ClaimedJob(
        @JsonProperty(value = "job", required = true) Job job,
        @JsonProperty(value = "lease", required = true) Lease lease) {
}
