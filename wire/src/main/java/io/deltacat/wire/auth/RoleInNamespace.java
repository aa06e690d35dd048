package io.deltacat.wire.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code RoleInNamespace}. */
@WireSchema("RoleInNamespace")
public record RoleInNamespace(
        @JsonProperty(value = "namespace", required = true) String namespace,
        @JsonProperty(value = "role", required = true) NamespaceRole role) {
}
