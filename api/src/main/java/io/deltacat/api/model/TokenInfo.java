package io.deltacat.api.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A token as listed: its id and name, never its secret (shown once, by
 * {@link io.deltacat.api.AuthClient#issueToken}).
 */
public record TokenInfo(String id, String user, String name, Instant createdAt, Optional<Instant> expiresAt,
                        Optional<Instant> revokedAt) {
    public TokenInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }
}
