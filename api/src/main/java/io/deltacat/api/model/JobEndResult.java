package io.deltacat.api.model;

import io.deltacat.api.error.DeltacatException;
import java.util.Objects;
import java.util.Optional;

/**
 * How ending one job of a batch went: the job as it ended, or why the server refused to end it (a
 * {@link io.deltacat.api.error.ConflictException} for a stale fencing token, a lapsed lease or a job
 * no longer held; a {@link io.deltacat.api.error.NotFoundException} for an unknown job; an
 * {@link io.deltacat.api.error.InvalidRequestException} for a pipeline node run, which completes on
 * its own). A refused end changed nothing; the others of the batch are not affected.
 *
 * <pre>{@code
 * for (JobEndResult r : jobs.completeAll(completions)) {
 *     if (!r.ended()) {
 *         log.info("job {} was not ended: {}", r.jobId(), r.refusal().orElseThrow().getMessage());
 *     }
 * }
 * }</pre>
 *
 * @param jobId        the job
 * @param fencingToken the token the end presented
 * @param job          the job after its end (succeeded, failed, or pending for a retry); empty when refused
 * @param refusal      why it was refused; empty when it ended
 */
public record JobEndResult(String jobId, long fencingToken, Optional<Job> job, Optional<DeltacatException> refusal) {
    public JobEndResult {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(refusal, "refusal");
        if (job.isPresent() == refusal.isPresent()) {
            throw new IllegalArgumentException("a result has either the job or the refusal");
        }
    }

    /** Whether the job was ended by this call. */
    public boolean ended() {
        return job.isPresent();
    }
}
