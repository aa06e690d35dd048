package io.deltacat.wire.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code UserList}. */
@WireSchema("UserList")
public record UserList(
        @JsonProperty(value = "users", required = true) List<User> users) {
}
