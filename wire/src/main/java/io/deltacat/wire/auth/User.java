package io.deltacat.wire.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code User}. */
@WireSchema("User")
public record User(
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty(value = "role", required = true) UserRole role,
        @JsonProperty(value = "createdAt", required = true) Long createdAt,
        @JsonProperty("disabledAt") Long disabledAt) {
}
