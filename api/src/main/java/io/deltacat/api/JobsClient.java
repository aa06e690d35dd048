package io.deltacat.api;

import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.EndAndClaimResult;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobCompletion;
import io.deltacat.api.model.JobEndResult;
import io.deltacat.api.model.JobFailure;
import io.deltacat.api.model.JobEvent;
import io.deltacat.api.model.JobPage;
import io.deltacat.api.model.Lease;
import io.deltacat.api.model.RayPayload;
import io.deltacat.api.options.ClaimOptions;
import io.deltacat.api.options.ListJobsOptions;
import io.deltacat.api.options.SubmitJobOptions;
import io.deltacat.api.options.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The server's durable job queue (the Python client's {@code client.jobs}).
 *
 * <p>Submitting and watching:
 * <pre>{@code
 * JobsClient jobs = client.jobs();
 * Job job = jobs.submit(s -> s.type("custom").context("table", "episodes").workerTags("gpu"));
 * Job done = jobs.waitFor(job.id(), Duration.ofMinutes(5));   // long-polls the server
 * Job compaction = jobs.submitCompaction("robotics", "episodes");  // run by the server itself
 * Job again = jobs.submitCompaction("cool_cats");                  // namespace "default"
 * }</pre>
 *
 * <p>Working by hand (the {@link Worker} helper does all of this on a thread pool):
 * <pre>{@code
 * Optional<ClaimedJob> claimed = jobs.claim(c -> c.workerTags("gpu"));
 * if (claimed.isPresent()) {
 *     ClaimedJob job = claimed.get();
 *     jobs.emitEvent(job, "copied", 10, 100, Map.of("file", "a.parquet"), Duration.ofMinutes(2));
 *     jobs.complete(job, 100, "offset-100");      // or jobs.fail(job, "disk full", true)
 * }
 * }</pre>
 *
 * <p>Many jobs per call (one round trip and one database transaction each; the {@link Worker} works
 * this way):
 * <pre>{@code
 * List<Job> submitted = jobs.submitAll(days.stream()
 *         .map(d -> SubmitJobOptions.builder().context("day", d).workerTags("gpu").build()).toList());
 * List<ClaimedJob> batch = jobs.claim(16, c -> c.workerTags("gpu"));
 * while (!batch.isEmpty()) {
 *     List<JobCompletion> done = batch.stream().map(j -> JobCompletion.of(j, process(j))).toList();
 *     batch = jobs.endAndClaim(done, List.of(), 16, c -> c.workerTags("gpu")).claimed();  // end + claim next
 * }
 * }</pre>
 *
 * <p>Resending is safe: every call carries an Idempotency-Key that the transport reuses when it
 * resends after a lost answer, and the server resolves a resend to the first outcome (the same jobs
 * for a submit or a claim, the job as it ended for a complete or fail). When even the resends get no
 * answer, ending calls throw {@link io.deltacat.api.error.JobOutcomeUnknownException}: resolve it by
 * the job's state.
 *
 * <p>Event metadata and watermarks are JSON values: pass plain Java values ({@link Map} with string
 * keys, {@link List} or other {@link java.util.Collection}, String, Number, Boolean, null, nested at
 * will), and read them back as {@code Map}/{@code List}/String/Long (BigInteger beyond a long)/Double
 * (any non-integral number)/Boolean/null. A {@code Map<String, String>} and a string watermark are
 * JSON too, so callers that used them keep working. Serialized, event metadata may take at most
 * {@value #MAX_METADATA_BYTES} bytes and a watermark at most {@value #MAX_WATERMARK_BYTES} bytes
 * (UTF-8); more is refused with a {@link io.deltacat.api.error.PayloadTooLargeException} that
 * names the limit, and nothing is recorded.
 * <pre>{@code
 * jobs.emitEvent(job, "progress", 1, 2, Map.of(
 *         "partition_watermarks", Map.of("analytics.events", 42),
 *         "known_partitions", List.of("2024-01-01", "2024-01-02")), null);
 * jobs.complete(job, 42, Map.of("partition_watermarks", Map.of("analytics.events", 42)));
 * }</pre>
 *
 * <p>Every call about a claimed job presents the claim's fencing token: once the lease lapsed (no
 * event or heartbeat before its deadline) or the job was cancelled or claimed again, the call fails
 * with {@link io.deltacat.api.error.ConflictException} and changes nothing. An unknown job id is a
 * {@link io.deltacat.api.error.NotFoundException}; negative counts are an
 * {@link io.deltacat.api.error.InvalidRequestException}; oversized metadata (over 16 KiB) or
 * watermark (over 64 KiB) is a {@link io.deltacat.api.error.PayloadTooLargeException}.
 */
public interface JobsClient {
    /** The most bytes of an event's metadata, serialized as JSON (UTF-8): 16 KiB. */
    int MAX_METADATA_BYTES = 16 * 1024;
    /** The most bytes of a completion's watermark, serialized as JSON (UTF-8): 64 KiB. */
    int MAX_WATERMARK_BYTES = 64 * 1024;

    /** One page of jobs, oldest first. */
    JobPage list(Consumer<ListJobsOptions.Builder> options);

    /** The first page of all jobs (up to 100). */
    default JobPage list() {
        return list(o -> { });
    }

    /** The job as it is now. */
    Job get(String jobId);

    /** Submits a job; it is pending at once. */
    Job submit(Consumer<SubmitJobOptions.Builder> options);

    /**
     * Submits jobs in one call and one database transaction: all are pending at once, or (on any
     * invalid one) none is.
     *
     * <pre>{@code
     * List<Job> jobs = client.jobs().submitAll(List.of(
     *         SubmitJobOptions.builder().context("day", "2026-11-24").build(),
     *         SubmitJobOptions.builder().context("day", "2026-11-25").build()));
     * }</pre>
     *
     * @param jobs 1..1000 jobs
     * @return the jobs in the order given
     */
    List<Job> submitAll(List<SubmitJobOptions> jobs);

    /**
     * Submits a compaction of a table, run by the server: the table's live files are rewritten into
     * fewer files, committed as one "compacted" delta (reads return the same rows; reads as of an
     * earlier time still see the old files).
     *
     * @throws io.deltacat.api.error.NotFoundException when the table does not exist (nothing is queued)
     */
    Job submitCompaction(String namespace, String table);

    /**
     * {@link #submitCompaction(String, String)} of a table of the default namespace
     * ({@code "default"}, as {@link io.deltacat.api.model.TableRef#of(String)}).
     *
     * <pre>{@code
     * Job job = client.jobs().submitCompaction("cool_cats");
     * }</pre>
     *
     * @throws io.deltacat.api.error.NotFoundException when the table does not exist (nothing is queued)
     */
    default Job submitCompaction(String table) {
        return submitCompaction(io.deltacat.api.model.TableRef.of(table).namespace(), table);
    }

    /**
     * Waits until the job ends (succeeded, failed or cancelled) or {@code timeout} passes, by long
     * polls to the server (no busy polling), and returns the job as it then is: check
     * {@code state().isFinal()} to tell the two apart.
     */
    Job waitFor(String jobId, Duration timeout);

    /** Claims the oldest claimable job this worker may run, with a fresh lease; empty when none. */
    Optional<ClaimedJob> claim(Consumer<ClaimOptions.Builder> options);

    /**
     * Claims up to {@code maxJobs} of the oldest claimable jobs this worker may run, each with a fresh
     * lease, in one call.
     *
     * <pre>{@code
     * List<ClaimedJob> batch = client.jobs().claim(16, c -> c.workerTags("gpu").workerId("host-7"));
     * }</pre>
     *
     * @param maxJobs 1..1000
     * @return the jobs claimed, oldest first; empty when none is claimable
     */
    List<ClaimedJob> claim(int maxJobs, Consumer<ClaimOptions.Builder> options);

    /**
     * Ends held jobs (completions and failures, each presenting its claim's fencing token) and then
     * claims up to {@code maxJobs} more, all in one call and one database transaction: a worker's
     * whole round trip. An end the server refuses (stale token, lapsed lease, unknown job) is reported
     * in its {@link JobEndResult} and does not stop the others.
     *
     * <pre>{@code
     * EndAndClaimResult r = jobs.endAndClaim(List.of(JobCompletion.of(job, 100, "offset-100")),
     *         List.of(JobFailure.of(other, "bad input", false)), 2, c -> c.workerTags("gpu"));
     * List<ClaimedJob> next = r.claimed();
     * }</pre>
     *
     * @param maxJobs 0..1000 jobs to claim after the ends (0: claim nothing)
     * @throws io.deltacat.api.error.JobOutcomeUnknownException when the answer was lost through every
     *         resend: the ends may or may not have happened (resolve each by {@link #get}); jobs the
     *         call may have claimed come back when their leases lapse
     * @throws IllegalArgumentException when a watermark is not a JSON value (nothing is sent)
     */
    EndAndClaimResult endAndClaim(List<JobCompletion> completions, List<JobFailure> failures, int maxJobs,
                                  Consumer<ClaimOptions.Builder> options);

    /**
     * Completes held jobs in one call and one database transaction.
     *
     * <pre>{@code
     * List<JobEndResult> results = jobs.completeAll(List.of(JobCompletion.of(a, 10), JobCompletion.of(b, 20, "wm")));
     * }</pre>
     *
     * @return each completion's result, in the order given
     * @throws io.deltacat.api.error.JobOutcomeUnknownException when the answer was lost through every resend
     */
    default List<JobEndResult> completeAll(List<JobCompletion> completions) {
        return endAndClaim(completions, List.of(), 0, c -> { }).ended();
    }

    /**
     * Completes one held job and claims the next in one round trip (the one-job-at-a-time worker's
     * loop).
     *
     * <pre>{@code
     * Optional<ClaimedJob> job = jobs.claim(c -> c.workerTags("gpu"));
     * while (job.isPresent()) {
     *     long n = process(job.get());
     *     EndAndClaimResult r = jobs.completeAndClaimNext(job.get(), n, null, c -> c.workerTags("gpu"));
     *     job = r.claimed().stream().findFirst();
     * }
     * }</pre>
     *
     * @param watermark a JSON value as for {@link #complete(ClaimedJob, long, Object)}; null for none
     * @throws io.deltacat.api.error.JobOutcomeUnknownException when the answer was lost through every resend
     */
    default EndAndClaimResult completeAndClaimNext(ClaimedJob job, long recordsProcessed, Object watermark,
                                                   Consumer<ClaimOptions.Builder> next) {
        return endAndClaim(List.of(JobCompletion.of(job, recordsProcessed, watermark)), List.of(), 1, next);
    }

    /**
     * Reports progress and pushes the lease deadline to now + {@code heartbeatTimeout}.
     *
     * @param completed        units done so far, &gt;= 0
     * @param expected         units in all, &gt;= 0
     * @param metadata         free-form details: string keys, JSON values (maps, lists, strings, numbers,
     *                         booleans, null), at most {@value #MAX_METADATA_BYTES} bytes as JSON;
     *                         {@code null} for none
     * @param heartbeatTimeout how long the lease now lasts; {@code null} for the job's lease duration
     * @return the renewed lease
     * @throws IllegalArgumentException when a value is not one of those JSON kinds (nothing is sent)
     */
    Lease emitEvent(ClaimedJob job, String name, long completed, long expected, Map<String, ?> metadata,
                    Duration heartbeatTimeout);

    /** Renews the lease for the job's lease duration. */
    Lease heartbeat(ClaimedJob job);

    /**
     * Completes the job: the records processed and the watermark are stored in the same database
     * transaction that ends it.
     *
     * <pre>{@code
     * jobs.complete(job, 100, Map.of("partition_watermarks", Map.of("analytics.events", 42)));
     * }</pre>
     *
     * @param watermark where the job got to, opaque to the server: a JSON value (a map with string
     *                  keys, list, string, number, boolean) of at most {@value #MAX_WATERMARK_BYTES}
     *                  bytes as JSON, read back by {@link Job#watermark()}; {@code null} for none
     * <p>A resend after a lost answer (same Idempotency-Key, by the transport) answers the job as it
     * ended; when every resend is lost too, the outcome is unknown.
     *
     * @throws IllegalArgumentException when the watermark is not one of those JSON kinds
     * @throws io.deltacat.api.error.JobOutcomeUnknownException when the answer was lost through every
     *         resend: resolve it by {@link #get} (succeeded with this claim's fencing token: it was applied)
     */
    Job complete(ClaimedJob job, long recordsProcessed, Object watermark);

    /** {@link #complete(ClaimedJob, long, Object)} with a string watermark (read back as a String). */
    default Job complete(ClaimedJob job, long recordsProcessed, String watermark) {
        return complete(job, recordsProcessed, (Object) watermark);
    }

    /**
     * Fails this attempt. A retryable failure returns the job to pending after a backoff while
     * attempts remain; otherwise it fails for good.
     *
     * @throws io.deltacat.api.error.JobOutcomeUnknownException when the answer was lost through every resend
     */
    Job fail(ClaimedJob job, String error, boolean retryable);

    /**
     * Stages small code overlays for {@code ray} node runs ({@code POST /v1/dispatch/ray/payloads}, one
     * call per module): each directory or {@code .py} file is packed into a zip archive (deterministic:
     * the same files give the same bytes), which the server stores content-addressed under its Ray
     * payload root (once, however often it is staged). The answer lists the URIs to name under
     * {@code payload.py_modules} of the node's {@code cluster_config}. Admin only; the server refuses
     * archives over its size limit.
     */
    RayPayload stageRayPayload(Consumer<io.deltacat.api.options.RayPayloadOptions.Builder> options);

    /**
     * What the server knows of the Ray cluster a {@code ray} run executes on
     * ({@code GET /v1/jobs/{jobId}/dispatch-access}): region, cluster name, head instance id and private
     * IP, worker ids, launch template. Admins, or owners of every namespace the run writes to.
     */
    io.deltacat.api.model.ManagedRayAccess getManagedRayAccess(String jobId);

    /**
     * Runs shell commands on a {@code ray} run's cluster through AWS Systems Manager
     * ({@code POST /v1/jobs/{jobId}/dispatch-commands}; the server sends {@code AWS-RunShellScript}).
     * Same callers as {@link #getManagedRayAccess}.
     *
     * @param target {@code head} or {@code all} (the head and every worker)
     */
    io.deltacat.api.model.RayCommandSent sendManagedRaySsmCommand(String jobId, List<String> commands, String target);

    /**
     * Opens an interactive shell on the head of a {@code ray} run's cluster: launches the AWS CLI's
     * Session Manager plugin ({@code aws ssm start-session ... --document-name
     * AWS-StartInteractiveCommand}, running {@code bash -l}) in this terminal, with this process's AWS
     * credentials. Needs the AWS CLI and its session-manager plugin on PATH.
     *
     * @return the started {@code aws} process (wait for it to end the session)
     */
    Process startManagedRaySsmSession(String jobId) throws java.io.IOException;

    /** Cancels a job that has not ended; its holder's next call is refused. */
    Job cancel(String jobId);

    /** The job's history, oldest first. */
    List<JobEvent> events(String jobId);

    /** Starts a {@link Worker} that runs {@code options}' handler for claimed jobs until closed. */
    Worker worker(Consumer<WorkerOptions.Builder> options);
}
