package io.deltacat.api.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A worker's hold on a job: the fencing token it presents with every call about the job, and the
 * deadline by which it must report (an event or a heartbeat) to keep it. The token only grows: each
 * claim of the job raises it, so a worker whose lease lapsed and whose job was claimed again is
 * refused with a {@link io.deltacat.api.error.ConflictException}.
 *
 * @param jobId        the job held
 * @param fencingToken the per-job counter value of this claim
 * @param deadline     when the lease lapses unless renewed
 */
public record Lease(String jobId, long fencingToken, Instant deadline) {
    public Lease {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(deadline, "deadline");
    }
}
