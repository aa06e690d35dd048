package io.deltacat.api.model;

import java.util.Locale;

/**
 * A role in one namespace, each including the ones before it: {@link #READER} reads tables and plans;
 * {@link #WRITER} also writes, commits and creates tables; {@link #OWNER} also alters, drops and
 * undrops tables, drops the namespace and grants roles in it.
 */
public enum NamespaceRole {
    READER, WRITER, OWNER;

    /** The name on the wire: lower case. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role of a wire name; {@link #READER} (the least) for a name this client does not know. */
    public static NamespaceRole fromWire(String wire) {
        for (NamespaceRole r : values()) {
            if (r.wireName().equals(wire)) {
                return r;
            }
        }
        return READER;
    }
}
