package io.deltacat.server.internal.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.DeltacatException;
import io.deltacat.server.internal.catalog.Compactions;
import io.deltacat.server.internal.catalog.Compactor;
import io.deltacat.server.internal.jobs.JobModel.JobRow;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the jobs the server dispatches to itself ({@code dispatch = local}): today compaction. One
 * background thread claims local jobs through the same queue as external workers (so leases,
 * fencing and retries apply), runs them and completes or fails them.
 *
 * <p>Compaction ({@link Compactor}) rewrites a table's live files into as few files as the target size
 * allows, with the table's format provider (found at run time), reconciling merge keys and deletes,
 * and commits them as one {@code compacted} delta that
 * supersedes everything up to the stream position it read, in the same transaction that completes
 * the job. The old files stay, so reads as of an earlier time still see them.
 */
public final class LocalJobRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalJobRunner.class);

    private final JobQueue queue;
    private final JobLeases leases;
    private final Compactions compactions;
    private final Thread thread;
    private volatile boolean stopped;

    public LocalJobRunner(JobQueue queue, JobLeases leases, Compactions compactions) {
        this.queue = queue;
        this.leases = leases;
        this.compactions = compactions;
        this.thread = new Thread(this::loop, "deltacat-local-jobs");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        LocalWorkLoop.run(queue, () -> stopped, this::runOne, LOG, "local job runner");
    }

    /** Claims and runs one local job; false when none was claimable. */
    public boolean runOne() throws Exception {
        Optional<JobRow> claimed = leases.claim(JobModel.DISPATCH_LOCAL, List.of(), List.of(JobModel.COMPACTION),
                "server-local");
        if (claimed.isEmpty()) {
            return false;
        }
        JobRow job = claimed.get();
        try {
            if (!job.type().equals(JobModel.COMPACTION)) {
                leases.fail(job.id(), job.fencingToken(), "this server cannot run jobs of type '" + job.type() + "'", false);
                return true;
            }
            compact(job);
        } catch (ConflictException e) {
            // our lease was lost or the job was cancelled: someone else owns the outcome now
            LOG.info("compaction job {} stopped: {}", job.id(), e.getMessage());
        } catch (Throwable t) {
            boolean retryable = !(t instanceof DeltacatException) || ((DeltacatException) t).problemType().status() >= 500;
            String outcome;
            try {
                JobRow after = leases.fail(job.id(), job.fencingToken(), String.valueOf(t.getMessage()), retryable);
                outcome = after.state().equals("pending") ? "will retry" : "gave up";
            } catch (DeltacatException | SQLException e) {
                outcome = "could not record the failure (" + e.getMessage() + ")";
            }
            // One line per failed attempt, naming the outcome. The stack trace goes only with the first
            // attempt of an unexpected failure: retries mostly fail the same way, and a refusal (4xx)
            // is fully described by its message.
            String line = "{} job {} attempt {} of {} failed, {}: {}";
            if (retryable && job.attempt() <= 1) {
                LOG.warn(line, job.type(), job.id(), job.attempt(), job.maxAttempts(), outcome, t.getMessage(), t);
            } else {
                LOG.warn(line, job.type(), job.id(), job.attempt(), job.maxAttempts(), outcome, t.getMessage());
            }
        }
        return true;
    }

    /** A compaction's watermark: the stream position it read through, a JSON string as it always read. */
    private static JsonNode position(Compactions.CompactionInput in) {
        return TextNode.valueOf(Long.toString(in.through()));
    }

    private void compact(JobRow job) throws Exception {
        String namespace = job.context().get("namespace");
        String table = job.context().get("table");
        Compactions.CompactionInput in = compactions.compactionInput(namespace, table);
        if (!Compactor.worthCompacting(in)) {
            leases.complete(job.id(), job.fencingToken(), 0, position(in));
            return;
        }
        String prefix = in.dataPrefix() + "compacted-" + job.id() + "-" + job.fencingToken() + "/";
        // progress after each file, which also keeps the lease
        Compactor.Result result = compactions.compactor().compact(in, prefix, (done, total, f) ->
                leases.event(job.id(), job.fencingToken(), "progress", (long) done, (long) total,
                        Map.of("file", f.uri()), null));
        leases.complete(job.id(), job.fencingToken(), result.rows(), position(in), null,
                c -> compactions.commitCompaction(c, in, result.files()));
        LOG.info("compacted {}.{}: {} files into {} ({} rows) through position {}", namespace, table,
                in.files().size(), result.files().size(), result.rows(), in.through());
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
