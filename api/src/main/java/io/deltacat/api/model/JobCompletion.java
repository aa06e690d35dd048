package io.deltacat.api.model;

import java.util.Objects;

/**
 * One held job to complete in a batch ({@link io.deltacat.api.JobsClient#completeAll},
 * {@link io.deltacat.api.JobsClient#endAndClaim}): the claim and what to store with its end.
 *
 * <pre>{@code
 * List<JobEndResult> ended = jobs.completeAll(List.of(
 *         JobCompletion.of(first, 100, "offset-100"),
 *         JobCompletion.of(second, 7)));
 * }</pre>
 */
public record JobCompletion(ClaimedJob job, JobResult result) {
    public JobCompletion {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(result, "result");
    }

    /** Completes {@code job} with {@code recordsProcessed} and no watermark. */
    public static JobCompletion of(ClaimedJob job, long recordsProcessed) {
        return new JobCompletion(job, JobResult.of(recordsProcessed));
    }

    /**
     * Completes {@code job} with {@code recordsProcessed} and a watermark (a JSON value as for
     * {@link io.deltacat.api.JobsClient#complete(ClaimedJob, long, Object)}; null for none).
     */
    public static JobCompletion of(ClaimedJob job, long recordsProcessed, Object watermark) {
        return new JobCompletion(job, new JobResult(recordsProcessed, java.util.Optional.ofNullable(watermark)));
    }
}
