package io.deltacat.wire.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.wire.WireSchema;

/** {@code JobCompletion}. */
@WireSchema("JobCompletion")
public record JobCompletion(
        @JsonProperty(value = "jobId", required = true) String jobId,
        @JsonProperty(value = "fencingToken", required = true) Long fencingToken,
        @JsonProperty("recordsProcessed") Long recordsProcessed,
        @JsonProperty("watermark") JsonNode watermark) {
}
