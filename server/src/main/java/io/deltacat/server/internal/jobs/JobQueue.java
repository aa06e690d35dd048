package io.deltacat.server.internal.jobs;

import static io.deltacat.server.internal.jobs.JobModel.COMPACTION;
import static io.deltacat.server.internal.jobs.JobModel.DISPATCH_LOCAL;
import static io.deltacat.server.internal.jobs.JobModel.DISPATCH_WORKER;
import static io.deltacat.server.internal.jobs.JobModel.MAX_CONTEXT_BYTES;
import static io.deltacat.server.internal.jobs.JobModel.TYPE;
import static io.deltacat.server.internal.jobs.JobModel.checkTags;
import static io.deltacat.server.internal.jobs.JobRows.COLUMNS;
import static io.deltacat.server.internal.jobs.JobRows.marks;
import static io.deltacat.server.internal.jobs.JobRows.notFound;
import static io.deltacat.server.internal.store.Sql.bind;
import static io.deltacat.server.internal.store.Sql.nullableLong;
import static io.deltacat.server.internal.store.Sql.update;

import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.InvalidRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.PayloadTooLargeException;
import io.deltacat.server.internal.jobs.JobModel.Event;
import io.deltacat.server.internal.jobs.JobModel.JobRow;
import io.deltacat.server.internal.jobs.JobModel.Page;
import io.deltacat.server.internal.jobs.JobModel.Submit;
import io.deltacat.server.internal.store.Database;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The durable job queue as its users see it: submitting, reading, listing, cancelling and waiting for
 * jobs. It owns the queue's clock and its wake-up signal, which the lease protocol and the pipelines
 * share. Time comes from the injected clock; waiting (long-poll) uses real time.
 */
public final class JobQueue {
    private final Database db;
    private final Clock clock;
    private final JobRows rows;
    private final Object signal = new Object();

    JobQueue(Database db, Clock clock, JobRows rows) {
        this.db = db;
        this.clock = clock;
        this.rows = rows;
    }

    public long nowNs() {
        Instant i = clock.instant();
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    }

    // ---------------------------------------------------------------- submit, read, list

    public JobRow submit(Submit s) throws SQLException {
        JobRow row = db.tx(c -> insert(c, s));
        changed();
        return row;
    }

    /**
     * Validates and inserts a job in the caller's transaction (e.g. a pipeline run created with the
     * commit that triggered it). The caller calls {@link #notifyChanged()} after its transaction.
     */
    public JobRow insert(Connection c, Submit s) throws SQLException {
        if (!TYPE.matcher(s.type()).matches()) {
            throw new InvalidRequestException("job type '" + s.type() + "' must match " + TYPE.pattern());
        }
        if (s.maxAttempts() < 1 || s.maxAttempts() > 100) {
            throw new InvalidRequestException("maxAttempts must be 1..100, got " + s.maxAttempts());
        }
        if (s.leaseMs() < 1000 || s.leaseMs() > Duration.ofDays(1).toMillis()) {
            throw new InvalidRequestException("leaseMillis must be 1000..86400000, got " + s.leaseMs());
        }
        Set<String> tags = checkTags(s.workerTags(), "workerTags");
        String context = rows.json().object(s.context());
        if (context.getBytes(StandardCharsets.UTF_8).length > MAX_CONTEXT_BYTES) {
            throw new PayloadTooLargeException("the job context has more than " + MAX_CONTEXT_BYTES + " bytes");
        }
        String dispatch = DISPATCH_WORKER;
        if (s.type().equals(COMPACTION)) {
            dispatch = DISPATCH_LOCAL;
            for (String key : List.of("namespace", "table")) {
                if (s.context().get(key) == null || s.context().get(key).isEmpty()) {
                    throw new InvalidRequestException("a compaction job needs context key '" + key + "'");
                }
            }
            if (!tags.isEmpty()) {
                throw new InvalidRequestException("compaction jobs run on the server and take no worker tags");
            }
        }
        String id = UUID.randomUUID().toString();
        long seq;
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE id_counters SET last_id = last_id + 1 WHERE name = 'jobs' RETURNING last_id");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            seq = rs.getLong(1);
        }
        long now = nowNs();
        update(c, "INSERT INTO jobs (id, seq, job_type, dispatch, state, context, worker_tags, attempt, max_attempts,"
                + " lease_ms, fencing_token, created_at, available_at, records_processed, updated_at)"
                + " VALUES (?, ?, ?, ?, 'pending', ?, ?, 0, ?, ?, 0, ?, ?, 0, ?)", id, seq, s.type(), dispatch, context,
                rows.json().array(tags), s.maxAttempts(), s.leaseMs(), now, now, now);
        for (String tag : tags) {
            update(c, "INSERT INTO job_tags (job_id, tag) VALUES (?, ?)", id, tag);
        }
        rows.event(c, id, "submitted", now, null, null, Map.of(), 0);
        return rows.require(c, id);
    }

    /** Wakes long polls and local runners after a transaction that changed jobs committed. */
    public void notifyChanged() {
        changed();
    }

    /** Reads a job in the caller's transaction. */
    public JobRow get(Connection c, String id) throws SQLException {
        return rows.require(c, id);
    }

    /** Cancels a pending job in the caller's transaction; false when it was no longer pending. */
    public boolean cancelPending(Connection c, String id) throws SQLException {
        long now = nowNs();
        int n = update(c, "UPDATE jobs SET state = 'cancelled', finished_at = ?, lease_deadline = NULL,"
                + " updated_at = ? WHERE id = ? AND state = 'pending'", now, now, id);
        if (n == 1) {
            rows.event(c, id, "cancelled", now, null, null, Map.of(), rows.require(c, id).fencingToken());
        }
        return n == 1;
    }

    public JobRow get(String id) throws SQLException {
        return db.tx(c -> rows.require(c, id));
    }

    /**
     * The job once it is final, or as it is when {@code wait} ends (a long poll: waits on this
     * process's changes, and re-reads the database periodically when other processes share it).
     */
    public JobRow await(String id, Duration wait) throws SQLException, InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        long pollMs = db.shared() ? 100 : 1000;
        while (true) {
            JobRow row = get(id);
            long remainingMs = (end - System.nanoTime()) / 1_000_000;
            if (row.isFinal() || remainingMs <= 0) {
                return row;
            }
            synchronized (signal) {
                signal.wait(Math.max(1, Math.min(remainingMs, pollMs)));
            }
        }
    }

    /** Waits until something changes in this process's queue, at most {@code ms}. */
    public void awaitChange(long ms) throws InterruptedException {
        synchronized (signal) {
            signal.wait(ms);
        }
    }

    void changed() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    public Page list(Collection<String> states, String type, Collection<String> tags, String pageToken, int pageSize)
            throws SQLException {
        if (pageSize < 1 || pageSize > 1000) {
            throw new InvalidRequestException("pageSize must be 1..1000, got " + pageSize);
        }
        long after = 0;
        if (pageToken != null && !pageToken.isEmpty()) {
            try {
                after = Long.parseLong(pageToken);
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("malformed pageToken '" + pageToken + "'");
            }
        }
        for (String s : states) {
            if (!Set.of("pending", "claimed", "running", "succeeded", "failed", "cancelled").contains(s)) {
                throw new InvalidRequestException("unknown job state '" + s + "'");
            }
        }
        Set<String> tagSet = checkTags(tags, "tag");
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM jobs j WHERE j.seq > ?");
        List<Object> args = new ArrayList<>();
        args.add(after);
        if (!states.isEmpty()) {
            sql.append(" AND j.state IN (").append(marks(states.size())).append(")");
            args.addAll(states);
        }
        if (type != null) {
            sql.append(" AND j.job_type = ?");
            args.add(type);
        }
        for (String tag : tagSet) {
            sql.append(" AND EXISTS (SELECT 1 FROM job_tags t WHERE t.job_id = j.id AND t.tag = ?)");
            args.add(tag);
        }
        sql.append(" ORDER BY j.seq LIMIT ?");
        args.add(pageSize + 1);
        return db.tx(c -> {
            List<JobRow> page = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                bind(ps, args.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        page.add(rows.row(rs));
                    }
                }
            }
            String next = null;
            if (page.size() > pageSize) {
                page = new ArrayList<>(page.subList(0, pageSize));
                next = Long.toString(page.get(pageSize - 1).seq());
            }
            return new Page(page, next);
        });
    }

    public List<Event> events(String id) throws SQLException {
        return db.tx(c -> {
            rows.require(c, id);
            List<Event> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, name, at, completed, expected, metadata,"
                    + " fencing_token FROM job_events WHERE job_id = ? ORDER BY seq")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Event(rs.getLong(1), rs.getString(2), rs.getLong(3), nullableLong(rs, 4),
                                nullableLong(rs, 5), metadata(rs.getString(6)), rs.getLong(7)));
                    }
                }
            }
            return out;
        });
    }

    private ObjectNode metadata(String stored) {
        JsonNode n = rows.json().tree(stored);
        return n.isObject() ? (ObjectNode) n : rows.json().newObject();
    }

    /** Cancels a job that has not ended; its holder's next call is refused. */
    public JobRow cancel(String id) throws SQLException {
        JobRow row = db.tx(c -> {
            long now = nowNs();
            int n = update(c, "UPDATE jobs SET state = 'cancelled', finished_at = ?, lease_deadline = NULL,"
                    + " updated_at = ? WHERE id = ? AND state IN ('pending', 'claimed', 'running')", now, now, id);
            if (n != 1) {
                JobRow current = rows.find(c, id).orElseThrow(() -> notFound(id));
                throw new ConflictException("job '" + id + "' is already " + current.state() + " and cannot be cancelled");
            }
            JobRow current = rows.require(c, id);
            rows.event(c, id, "cancelled", now, null, null, Map.of(), current.fencingToken());
            return current;
        });
        changed();
        return row;
    }
}
