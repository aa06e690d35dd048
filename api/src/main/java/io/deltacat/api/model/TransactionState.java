package io.deltacat.api.model;

import java.util.Locale;

/**
 * Where a transaction is in its life: {@code OPEN -> COMMITTED | ABORTED | EXPIRED}. A state this
 * client does not know (from a newer server) reads as {@link #UNKNOWN}.
 */
public enum TransactionState {
    /** Begun, neither committed nor ended. */
    OPEN,
    /** Committed: every change in it is applied, at one commit time. Final. */
    COMMITTED,
    /** Aborted by its client or by a conflict at commit; nothing of it is applied. Final. */
    ABORTED,
    /** Its heartbeats stopped for longer than its time to live; nothing of it is applied. Final. */
    EXPIRED,
    /** A state this client version does not know. */
    UNKNOWN;

    /** The wire name, e.g. {@code "committed"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the transaction has ended (committed, aborted or expired). */
    public boolean isFinal() {
        return this == COMMITTED || this == ABORTED || this == EXPIRED;
    }

    /** The state of a wire name; {@link #UNKNOWN} for a name this version does not know. */
    public static TransactionState fromWire(String name) {
        if (name == null) {
            return UNKNOWN;
        }
        for (TransactionState s : values()) {
            if (s != UNKNOWN && s.wireName().equals(name)) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
