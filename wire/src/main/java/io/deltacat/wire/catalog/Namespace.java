package io.deltacat.wire.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.Map;

/** {@code Namespace}. */
@WireSchema("Namespace")
public record Namespace(
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty(value = "properties", required = true) Map<String, String> properties,
        @JsonProperty(value = "createdAt", required = true) Long createdAt) {
}
