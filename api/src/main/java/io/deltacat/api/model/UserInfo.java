package io.deltacat.api.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A user of a server with users; {@code disabledAt} is present while the user is disabled. */
public record UserInfo(String name, UserRole role, Instant createdAt, Optional<Instant> disabledAt) {
    public UserInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(disabledAt, "disabledAt");
    }

    public boolean disabled() {
        return disabledAt.isPresent();
    }
}
