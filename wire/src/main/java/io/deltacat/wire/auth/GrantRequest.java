package io.deltacat.wire.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code GrantRequest}. */
@WireSchema("GrantRequest")
public record GrantRequest(
        @JsonProperty(value = "user", required = true) String user,
        @JsonProperty(value = "role", required = true) NamespaceRole role) {
}
