package io.deltacat.api.model;

import java.util.Locale;

/**
 * A user's role on the whole server: {@link #ADMIN} may do everything (users, namespaces, nodes,
 * pipelines); {@link #WORKER} runs jobs and node runs (claim, complete, fail, prepare); {@link #USER}
 * holds what is granted per namespace ({@link NamespaceRole}).
 */
public enum UserRole {
    ADMIN, WORKER, USER;

    /** The name on the wire: lower case. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role of a wire name; {@link #USER} for a name this client does not know (a newer server's). */
    public static UserRole fromWire(String wire) {
        for (UserRole r : values()) {
            if (r.wireName().equals(wire)) {
                return r;
            }
        }
        return USER;
    }
}
