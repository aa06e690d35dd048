package io.deltacat.server.internal.jobs;

import static io.deltacat.server.internal.jobs.JobRows.COLUMNS;

import io.deltacat.server.internal.jobs.JobModel.JobRow;
import io.deltacat.server.internal.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of an attempt that did not succeed: a worker that failed, or a lease that lapsed (found by
 * the background reclaimer, by a claim that finds fewer jobs than it asked for, and by maintenance). The job returns to pending after a backoff, or fails (with "lease lost"
 * for a lapsed lease) after its last attempt.
 */
public final class LapsedLeases {
    private static final Logger LOG = LoggerFactory.getLogger(LapsedLeases.class);
    private static final long MAX_BACKOFF_NS = Duration.ofMinutes(10).toNanos();

    private final Database db;
    private final JobQueue queue;
    private final JobRows rows;
    private final Duration retryBackoff;

    LapsedLeases(Database db, JobQueue queue, JobRows rows, Duration retryBackoff) {
        this.db = db;
        this.queue = queue;
        this.rows = rows;
        this.retryBackoff = retryBackoff;
    }

    /** Returns lapsed leases to the queue (or fails their jobs); returns how many were handled. */
    public int reclaimExpired() throws SQLException {
        List<String> handled = db.tx(c -> reclaim(c, queue.nowNs(), 1000));
        if (!handled.isEmpty()) {
            queue.ended(handled);
            queue.localWork();
        }
        return handled.size();
    }

    /**
     * Starts the background reclaimer: every {@code interval}, lapsed leases return to the queue, so
     * claims need not look for them while they find work. Close it to stop it.
     */
    public AutoCloseable startReclaimer(Duration interval) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "deltacat-lease-reclaimer");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(1, interval.toMillis());
        timer.scheduleWithFixedDelay(() -> {
            try {
                reclaimExpired();
            } catch (SQLException | RuntimeException e) {
                LOG.warn("returning lapsed job leases failed; will retry", e);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
        return () -> {
            // no interrupt: it would close the JDBC socket of a pass under way; the pass ends by itself
            timer.shutdown();
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        };
    }

    /** Ends the attempts of up to {@code limit} lapsed leases in the caller's transaction; their job ids. */
    List<String> reclaim(Connection c, long now, int limit) throws SQLException {
        List<JobRow> lapsed = rows.query(c, "SELECT " + COLUMNS + " FROM jobs WHERE state IN ('claimed', 'running')"
                + " AND lease_deadline < ? ORDER BY lease_deadline LIMIT ?" + db.dialect().skipLocked(), now, limit);
        List<String> handled = new ArrayList<>();
        for (JobRow j : lapsed) {
            if (endAttempt(c, j, now, "lease lost", true, j.fencingToken(), null) != null) {
                LOG.info("job {} lost its lease (attempt {} of {})", j.id(), j.attempt(), j.maxAttempts());
                handled.add(j.id());
            }
        }
        return handled;
    }

    /**
     * Ends the current attempt of a held job: retry after a backoff, or fail for good, recording
     * {@code key} as the call that ended it. Null when the job is no longer held with this token
     * (another process ended the attempt first): nothing changed.
     */
    JobRow endAttempt(Connection c, JobRow j, long now, String error, boolean retryable, long token, String key)
            throws SQLException {
        boolean retry = retryable && j.attempt() < j.maxAttempts();
        long backoff = retry ? backoffNs(j.attempt()) : 0;
        List<JobRows.Returned> r = retry
                ? rows.returning(c, "UPDATE jobs SET state = 'pending', available_at = ?, lease_deadline = NULL,"
                        + " worker_id = NULL, error = ?, updated_at = ?, end_key = ?, event_count = event_count + 1"
                        + " WHERE id = ? AND fencing_token = ? AND state IN ('claimed', 'running') RETURNING "
                        + JobRows.RETURNING, now + backoff, error, now, key, j.id(), token)
                : rows.returning(c, "UPDATE jobs SET state = 'failed', finished_at = ?, lease_deadline = NULL, error = ?,"
                        + " updated_at = ?, end_key = ?, event_count = event_count + 1 WHERE id = ? AND fencing_token = ?"
                        + " AND state IN ('claimed', 'running') RETURNING " + JobRows.RETURNING, now, error, now, key,
                        j.id(), token);
        if (r.isEmpty()) {
            return null;
        }
        long seq = r.get(0).eventCount();
        rows.events(c, List.of(retry
                ? rows.event(j.id(), seq, error.equals("lease lost") ? "lease-lost" : "attempt-failed", now, null, null,
                        Map.of("error", error, "retryInMillis", Long.toString(backoff / 1_000_000)), token)
                : rows.event(j.id(), seq, "failed", now, null, null, Map.of("error", error), token)));
        return r.get(0).row();
    }

    long backoffNs(int attempt) {
        long base = retryBackoff.toNanos();
        int shift = Math.min(Math.max(0, attempt - 1), 20);
        long b = base > (MAX_BACKOFF_NS >> shift) ? MAX_BACKOFF_NS : base << shift;
        return Math.min(b, MAX_BACKOFF_NS);
    }
}
