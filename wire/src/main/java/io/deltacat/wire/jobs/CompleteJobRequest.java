package io.deltacat.wire.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code CompleteJobRequest}. */
@WireSchema("CompleteJobRequest")
public record CompleteJobRequest(
        @JsonProperty(value = "fencingToken", required = true) Long fencingToken,
        @JsonProperty("recordsProcessed") Long recordsProcessed,
        @JsonProperty("watermark") JsonNode watermark,
        @JsonProperty("writes") List<String> writes) {
}
