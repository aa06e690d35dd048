package io.deltacat.api.model;

import java.util.Map;
import java.util.Objects;

/**
 * Who the client is to the server: the user, its role and its roles per namespace.
 * {@code usersEnabled} is false on a server without users, where every caller is
 * {@code anonymous} with the admin role.
 */
public record Whoami(String user, UserRole role, Map<String, NamespaceRole> grants, boolean usersEnabled) {
    public Whoami {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
        grants = Map.copyOf(grants);
    }
}
