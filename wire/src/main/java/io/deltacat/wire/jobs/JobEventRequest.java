package io.deltacat.wire.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.wire.WireSchema;

/** {@code JobEventRequest}. */
@WireSchema("JobEventRequest")
public record JobEventRequest(
        @JsonProperty(value = "fencingToken", required = true) Long fencingToken,
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty("completed") Long completed,
        @JsonProperty("expected") Long expected,
        @JsonProperty("metadata") JsonNode metadata,
        @JsonProperty("heartbeatTimeoutMillis") Integer heartbeatTimeoutMillis) {
}
