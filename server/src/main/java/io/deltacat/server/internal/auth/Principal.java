package io.deltacat.server.internal.auth;

import io.deltacat.api.model.NamespaceRole;
import io.deltacat.api.model.UserRole;
import java.util.Map;

/**
 * Who sent a request: a user with a global role and the roles granted per namespace, as read when
 * the request's token was checked.
 *
 * @param user   the user's name; {@link #ANONYMOUS_NAME} when the server runs without users
 * @param role   the user's global role
 * @param grants the user's role per namespace name
 */
public record Principal(String user, UserRole role, Map<String, NamespaceRole> grants) {
    /** The name of the principal of a server without users (auth off, or one shared token). */
    public static final String ANONYMOUS_NAME = "anonymous";
    /** Everything allowed: a server without users trusts every caller (or the one shared token). */
    public static final Principal UNRESTRICTED = new Principal(ANONYMOUS_NAME, UserRole.ADMIN, Map.of());

    public Principal {
        grants = Map.copyOf(grants);
    }

    /** A stored or sent global role's wire name as the role; null for a name no role has. */
    public static UserRole userRole(String wire) {
        for (UserRole r : UserRole.values()) {
            if (r.wireName().equals(wire)) {
                return r;
            }
        }
        return null;
    }

    /** A stored or sent namespace role's wire name as the role; null for a name no role has. */
    public static NamespaceRole namespaceRole(String wire) {
        for (NamespaceRole r : NamespaceRole.values()) {
            if (r.wireName().equals(wire)) {
                return r;
            }
        }
        return null;
    }

    /** How a run principal's name starts; user names cannot contain ':', so none collides. */
    public static final String RUN_PREFIX = "run:";

    /**
     * The principal of a remotely dispatched node run's token ({@link RunTokens}): no global role, no
     * grants; {@link AccessRules} allows it its own run's routes only.
     */
    public static Principal forRun(String runId) {
        return new Principal(RUN_PREFIX + runId, UserRole.USER, Map.of());
    }

    /** The run this principal is, for a run token's principal; empty for a user. */
    public java.util.Optional<String> runId() {
        return user.startsWith(RUN_PREFIX) ? java.util.Optional.of(user.substring(RUN_PREFIX.length()))
                : java.util.Optional.empty();
    }

    public boolean isAdmin() {
        return role == UserRole.ADMIN;
    }

    /** Whether this principal may run jobs: an admin or a worker. */
    public boolean isWorker() {
        return role == UserRole.ADMIN || role == UserRole.WORKER;
    }

    /** Whether this principal holds at least {@code needed} in {@code namespace} (admins hold all). */
    public boolean holds(String namespace, NamespaceRole needed) {
        if (isAdmin()) {
            return true;
        }
        NamespaceRole r = grants.get(namespace);
        return r != null && r.compareTo(needed) >= 0;
    }
}
