package io.deltacat.api.model;

import java.util.Locale;

/**
 * Where a staged write is in its life: {@code OPEN -> COMMITTED | ABORTED | EXPIRED}; inside a
 * transaction {@code OPEN -> PREPARED}, then applied (or not) by the transaction's commit. A
 * state this client does not know (from a newer server) reads as {@link #UNKNOWN}.
 */
public enum WriteState {
    /** Begun, not committed: its files may still be staged. */
    OPEN,
    /** Its commit was accepted into a transaction, whose commit applies it (or not). */
    PREPARED,
    /** Committed: its delta is part of the table. Final. */
    COMMITTED,
    /** Abandoned by its writer or refused at commit; its staged files are removed. Final. */
    ABORTED,
    /** Never committed within the staging time to live; its staged files are removed. Final. */
    EXPIRED,
    /** A state this client version does not know. */
    UNKNOWN;

    /** The wire name, e.g. {@code "committed"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state of a wire name; {@link #UNKNOWN} for a name this version does not know. */
    public static WriteState fromWire(String name) {
        if (name == null) {
            return UNKNOWN;
        }
        for (WriteState s : values()) {
            if (s != UNKNOWN && s.wireName().equals(name)) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
