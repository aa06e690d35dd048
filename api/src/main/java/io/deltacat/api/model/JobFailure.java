package io.deltacat.api.model;

import java.util.Objects;

/**
 * One held job to fail in a batch ({@link io.deltacat.api.JobsClient#endAndClaim}): a retryable
 * failure returns the job to pending after a backoff while attempts remain; otherwise it fails.
 *
 * <pre>{@code
 * jobs.endAndClaim(List.of(), List.of(JobFailure.of(job, "disk full", true)), 0, c -> { });
 * }</pre>
 */
public record JobFailure(ClaimedJob job, String error, boolean retryable) {
    public JobFailure {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(error, "error");
    }

    /** Fails {@code job}'s attempt with {@code error}; {@code retryable} lets it be tried again after a backoff. */
    public static JobFailure of(ClaimedJob job, String error, boolean retryable) {
        return new JobFailure(job, error, retryable);
    }
}
