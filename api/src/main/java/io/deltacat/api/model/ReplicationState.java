package io.deltacat.api.model;

import java.util.Locale;

/**
 * Where the replication of a table to one placed root stands. A state this client does not know
 * (from a newer server) reads as {@link #UNKNOWN}.
 */
public enum ReplicationState {
    /** Copying the live files the table had when it was placed (placed with backfill). */
    BACKFILLING,
    /** Every file a read of the latest state needs is verified at the root. */
    IN_SYNC,
    /** Commits not yet copied (replication running, or the root unreachable: see the last error). */
    LAGGING,
    /** Unplaced: replication stopped; the copies are deleted after the retention window. */
    PAUSED,
    /** Its replication gave up after its retries; the next commit or periodic check tries again. */
    FAILED,
    /** A state this client version does not know. */
    UNKNOWN;

    /** The wire name, e.g. {@code "in_sync"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state of a wire name; {@link #UNKNOWN} for a name this version does not know. */
    public static ReplicationState fromWire(String name) {
        for (ReplicationState s : values()) {
            if (s != UNKNOWN && s.wireName().equals(name)) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
