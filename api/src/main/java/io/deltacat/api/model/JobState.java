package io.deltacat.api.model;

import java.util.Locale;

/**
 * Where a job is in its life: {@code PENDING -> CLAIMED -> RUNNING -> SUCCEEDED | FAILED | CANCELLED},
 * with a retry going back to {@code PENDING}. A state this client does not know (from a newer
 * server) reads as {@link #UNKNOWN}.
 */
public enum JobState {
    /** Waiting to be claimed (possibly after a retry backoff). */
    PENDING,
    /** Claimed by a worker that has not reported progress yet. */
    CLAIMED,
    /** Its worker reported progress or a heartbeat. */
    RUNNING,
    /** Completed by its worker. Final. */
    SUCCEEDED,
    /** Failed for good: not retryable, or out of attempts (e.g. "lease lost"). Final. */
    FAILED,
    /** Cancelled. Final. */
    CANCELLED,
    /** A state this client version does not know. */
    UNKNOWN;

    /** The wire name, e.g. {@code "pending"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the job has ended (succeeded, failed or cancelled). */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** The state of a wire name; {@link #UNKNOWN} for a name this version does not know. */
    public static JobState fromWire(String name) {
        if (name == null) {
            return UNKNOWN;
        }
        for (JobState s : values()) {
            if (s != UNKNOWN && s.wireName().equals(name)) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
