package io.deltacat.wire.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.wire.WireSchema;

/** {@code JobEvent}. */
@WireSchema("JobEvent")
public record JobEvent(
        @JsonProperty(value = "seq", required = true) Long seq,
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty(value = "at", required = true) Long at,
        @JsonProperty("completed") Long completed,
        @JsonProperty("expected") Long expected,
        @JsonProperty(value = "metadata", required = true) JsonNode metadata,
        @JsonProperty(value = "fencingToken", required = true) Long fencingToken) {
}
