package io.deltacat.wire.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code HeartbeatRequest}. */
@WireSchema("HeartbeatRequest")
public record HeartbeatRequest(
        @JsonProperty(value = "fencingToken", required = true) Long fencingToken) {
}
