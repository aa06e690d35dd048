package io.deltacat.wire.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code NamespaceList}. */
@WireSchema("NamespaceList")
public record NamespaceList(
        @JsonProperty(value = "namespaces", required = true) List<Namespace> namespaces) {
}
