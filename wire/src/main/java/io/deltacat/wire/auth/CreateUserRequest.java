package io.deltacat.wire.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code CreateUserRequest}. */
@WireSchema("CreateUserRequest")
public record CreateUserRequest(
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty("role") UserRole role) {
}
