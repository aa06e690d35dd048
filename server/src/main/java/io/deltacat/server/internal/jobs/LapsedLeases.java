package io.deltacat.server.internal.jobs;

import static io.deltacat.server.internal.jobs.JobRows.COLUMNS;
import static io.deltacat.server.internal.store.Sql.update;

import io.deltacat.server.internal.jobs.JobModel.JobRow;
import io.deltacat.server.internal.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of an attempt that did not succeed: a worker that failed, or a lease that lapsed (found on
 * claim and by maintenance). The job returns to pending after a backoff, or fails (with "lease lost"
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
        int n = db.tx(c -> reclaim(c, queue.nowNs(), 1000));
        if (n > 0) {
            queue.changed();
        }
        return n;
    }

    int reclaim(Connection c, long now, int limit) throws SQLException {
        List<JobRow> lapsed = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE state IN ('claimed',"
                + " 'running') AND lease_deadline < ? ORDER BY lease_deadline LIMIT ?" + db.dialect().skipLocked())) {
            ps.setLong(1, now);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lapsed.add(rows.row(rs));
                }
            }
        }
        int handled = 0;
        for (JobRow j : lapsed) {
            if (endAttempt(c, j, now, "lease lost", true, j.fencingToken())) {
                LOG.info("job {} lost its lease (attempt {} of {})", j.id(), j.attempt(), j.maxAttempts());
                handled++;
            }
        }
        return handled;
    }

    /**
     * Ends the current attempt of a held job: retry after a backoff, or fail for good. False when the
     * job is no longer held with this token (another process ended the attempt first): nothing changed.
     */
    boolean endAttempt(Connection c, JobRow j, long now, String error, boolean retryable, long token)
            throws SQLException {
        if (retryable && j.attempt() < j.maxAttempts()) {
            long backoff = backoffNs(j.attempt());
            if (update(c, "UPDATE jobs SET state = 'pending', available_at = ?, lease_deadline = NULL, worker_id = NULL,"
                    + " error = ?, updated_at = ? WHERE id = ? AND fencing_token = ? AND state IN ('claimed', 'running')",
                    now + backoff, error, now, j.id(), token) != 1) {
                return false;
            }
            rows.event(c, j.id(), error.equals("lease lost") ? "lease-lost" : "attempt-failed", now, null, null,
                    Map.of("error", error, "retryInMillis", Long.toString(backoff / 1_000_000)), token);
        } else {
            if (update(c, "UPDATE jobs SET state = 'failed', finished_at = ?, lease_deadline = NULL, error = ?,"
                    + " updated_at = ? WHERE id = ? AND fencing_token = ? AND state IN ('claimed', 'running')", now, error,
                    now, j.id(), token) != 1) {
                return false;
            }
            rows.event(c, j.id(), "failed", now, null, null, Map.of("error", error), token);
        }
        return true;
    }

    long backoffNs(int attempt) {
        long base = retryBackoff.toNanos();
        int shift = Math.min(Math.max(0, attempt - 1), 20);
        long b = base > (MAX_BACKOFF_NS >> shift) ? MAX_BACKOFF_NS : base << shift;
        return Math.min(b, MAX_BACKOFF_NS);
    }
}
