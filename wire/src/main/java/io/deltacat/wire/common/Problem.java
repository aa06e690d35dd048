package io.deltacat.wire.common;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code Problem}. */
@WireSchema("Problem")
public record Problem(
        @JsonProperty(value = "type", required = true) String type,
        @JsonProperty(value = "title", required = true) String title,
        @JsonProperty(value = "status", required = true) Integer status,
        @JsonProperty("detail") String detail,
        @JsonProperty("instance") String instance) {
}
