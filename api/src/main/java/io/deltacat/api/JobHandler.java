package io.deltacat.api;

import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.JobResult;

/**
 * Runs one job a {@link Worker} claimed. The worker heartbeats while it runs; returning completes the
 * job with the result, throwing fails the attempt as retryable (the job is retried after a backoff
 * while attempts remain). A handler may report progress itself with
 * {@link JobsClient#emitEvent}.
 */
@FunctionalInterface
public interface JobHandler {
    /**
     * @return what to complete the job with; {@code null} means {@link JobResult#empty()}
     * @throws Exception to fail this attempt (retryable)
     */
    JobResult handle(ClaimedJob job) throws Exception;
}
