package io.deltacat.api.model;

import java.time.Instant;
import java.util.Objects;

/** A role granted to a user in a namespace. */
public record NamespaceGrant(String namespace, String user, NamespaceRole role, Instant grantedAt) {
    public NamespaceGrant {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(grantedAt, "grantedAt");
    }
}
