package io.deltacat.server.internal.auth;

import java.util.Map;

/**
 * Who sent a request: a user with a global role and the roles granted per namespace, as read when
 * the request's token was checked.
 *
 * @param user   the user's name; {@link #ANONYMOUS_NAME} when the server runs without users
 * @param role   the user's global role
 * @param grants the user's role per namespace name
 */
public record Principal(String user, GlobalRole role, Map<String, NamespaceRole> grants) {
    /** The name of the principal of a server without users (auth off, or one shared token). */
    public static final String ANONYMOUS_NAME = "anonymous";
    /** Everything allowed: a server without users trusts every caller (or the one shared token). */
    public static final Principal UNRESTRICTED = new Principal(ANONYMOUS_NAME, GlobalRole.ADMIN, Map.of());

    public Principal {
        grants = Map.copyOf(grants);
    }

    /** A user's global role: {@code admin} may do everything, {@code worker} runs jobs and node runs. */
    public enum GlobalRole {
        ADMIN, WORKER, USER;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The role of a wire name, or null. */
        public static GlobalRole of(String wire) {
            for (GlobalRole r : values()) {
                if (r.wireName().equals(wire)) {
                    return r;
                }
            }
            return null;
        }
    }

    /**
     * A role in one namespace, each including the ones below it: {@code owner} (tables' definitions,
     * grants, dropping the namespace), {@code writer} (writes, creating tables), {@code reader}.
     */
    public enum NamespaceRole {
        READER, WRITER, OWNER;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The role of a wire name, or null. */
        public static NamespaceRole of(String wire) {
            for (NamespaceRole r : values()) {
                if (r.wireName().equals(wire)) {
                    return r;
                }
            }
            return null;
        }
    }

    public boolean isAdmin() {
        return role == GlobalRole.ADMIN;
    }

    /** Whether this principal may run jobs: an admin or a worker. */
    public boolean isWorker() {
        return role == GlobalRole.ADMIN || role == GlobalRole.WORKER;
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
