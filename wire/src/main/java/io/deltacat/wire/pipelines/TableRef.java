package io.deltacat.wire.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code TableRef}. */
@WireSchema("TableRef")
public record TableRef(
        @JsonProperty(value = "namespace", required = true) String namespace,
        @JsonProperty(value = "table", required = true) String table) {
}
