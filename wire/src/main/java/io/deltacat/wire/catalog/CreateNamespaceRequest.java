package io.deltacat.wire.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.Map;

/** {@code CreateNamespaceRequest}. */
@WireSchema("CreateNamespaceRequest")
public record CreateNamespaceRequest(
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty("properties") Map<String, String> properties) {
}
