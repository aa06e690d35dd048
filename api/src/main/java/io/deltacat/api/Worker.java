package io.deltacat.api;

/**
 * A running pool of job-handling threads, made by {@link JobsClient#worker}. Each thread claims a job
 * (by the worker's tags), runs the {@link JobHandler} while heartbeating the lease, then completes the
 * job with the handler's result or fails it (retryable) when the handler throws. {@link #close()}
 * stops claiming, waits for running handlers to finish (they are interrupted after the grace period)
 * and returns.
 *
 * <pre>{@code
 * try (Worker worker = client.jobs().worker(w -> w.workerTags("subscriber").threads(4)
 *         .handler(job -> {
 *             long n = copyRows(job.job().context().get("table"));
 *             return JobResult.of(n, "offset-" + n);
 *         }))) {
 *     Thread.sleep(60_000);          // work for a minute
 * }
 * }</pre>
 */
public interface Worker extends AutoCloseable {
    /** Jobs this worker completed. */
    long completed();

    /** Job attempts this worker failed (the handler threw) or lost (its lease was taken). */
    long failed();

    /** Whether it is still claiming jobs. */
    boolean isRunning();

    /** Stops claiming and waits for the running handlers; idempotent. */
    @Override
    void close();
}
