package io.deltacat.api.model;

import java.util.Objects;

/**
 * A job this worker claimed, with its lease. Pass it to {@code emitEvent}, {@code heartbeat},
 * {@code complete} and {@code fail}: they present the lease's fencing token.
 */
public record ClaimedJob(Job job, Lease lease) {
    public ClaimedJob {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(lease, "lease");
    }

    /** The job's id. */
    public String id() {
        return job.id();
    }

    /** The fencing token of this claim. */
    public long fencingToken() {
        return lease.fencingToken();
    }
}
