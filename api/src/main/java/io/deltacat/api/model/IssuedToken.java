package io.deltacat.api.model;

import java.util.Objects;

/**
 * A token just issued, with its secret: the only time the server shows it (it keeps a hash). Pass
 * the secret to a client through a {@link io.deltacat.api.TokenProvider}
 * ({@link io.deltacat.api.ClientConfig.Builder#tokenProvider}). {@link #toString()} leaves the secret out, so logging this
 * record does not leak it.
 */
public record IssuedToken(TokenInfo token, String secret) {
    public IssuedToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "IssuedToken[token=" + token + ", secret=***]";
    }
}
