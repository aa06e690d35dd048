package io.deltacat.wire.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code Token}. */
@WireSchema("Token")
public record Token(
        @JsonProperty(value = "id", required = true) String id,
        @JsonProperty(value = "user", required = true) String user,
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty(value = "createdAt", required = true) Long createdAt,
        @JsonProperty("expiresAt") Long expiresAt,
        @JsonProperty("revokedAt") Long revokedAt) {
}
