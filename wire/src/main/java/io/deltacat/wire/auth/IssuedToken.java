package io.deltacat.wire.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code IssuedToken}. */
@WireSchema("IssuedToken")
public record IssuedToken(
        @JsonProperty(value = "token", required = true) Token token,
        @JsonProperty(value = "secret", required = true) String secret) {
}
