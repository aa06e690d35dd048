package io.deltacat.wire.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code Whoami}. */
@WireSchema("Whoami")
public record Whoami(
        @JsonProperty(value = "user", required = true) String user,
        @JsonProperty(value = "role", required = true) UserRole role,
        @JsonProperty(value = "usersEnabled", required = true) Boolean usersEnabled,
        @JsonProperty(value = "grants", required = true) List<RoleInNamespace> grants) {
}
