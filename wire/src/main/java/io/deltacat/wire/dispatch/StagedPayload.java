package io.deltacat.wire.dispatch;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code StagedPayload}. */
@WireSchema("StagedPayload")
public record StagedPayload(
        @JsonProperty(value = "uri", required = true) String uri,
        @JsonProperty(value = "sha256", required = true) String sha256,
        @JsonProperty(value = "sizeBytes", required = true) Long sizeBytes,
        @JsonProperty(value = "created", required = true) Boolean created) {
}
