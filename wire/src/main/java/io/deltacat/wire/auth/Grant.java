package io.deltacat.wire.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code Grant}. */
@WireSchema("Grant")
public record Grant(
        @JsonProperty(value = "namespace", required = true) String namespace,
        @JsonProperty(value = "user", required = true) String user,
        @JsonProperty(value = "role", required = true) NamespaceRole role,
        @JsonProperty(value = "grantedAt", required = true) Long grantedAt) {
}
