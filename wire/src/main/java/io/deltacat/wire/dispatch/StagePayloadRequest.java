package io.deltacat.wire.dispatch;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code StagePayloadRequest}: one module's zip archive, base64. */
@WireSchema("StagePayloadRequest")
public record StagePayloadRequest(
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty(value = "content", required = true) String content) {
}
