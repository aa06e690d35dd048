package io.deltacat.server.internal.jobs;

import static io.deltacat.server.internal.store.Sql.bind;
import static io.deltacat.server.internal.store.Sql.nullableLong;
import static io.deltacat.server.internal.store.Sql.update;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.error.PayloadTooLargeException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable job queue. States: {@code pending -> claimed -> running -> succeeded | failed |
 * cancelled}, with retries back to {@code pending}.
 *
 * <ul>
 * <li>A claim is one short UPDATE over a sub-select ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL)
 *     that raises the job's fencing token, a per-job counter that only grows; every later call of the
 *     holder presents it and is refused (409) once it is stale, or once the lease has lapsed.</li>
 * <li>A lapsed lease (found on claim and by maintenance) returns the job to pending after a backoff,
 *     or fails it with "lease lost" after its last attempt.</li>
 * <li>Completion stores the records processed and the watermark in the same UPDATE that ends the
 *     job, in one transaction (which may also carry the job's own commit, see
 *     {@link #complete(String, long, long, String, Database.Work)}).</li>
 * </ul>
 * Time comes from the injected clock; waiting (long-poll) uses real time.
 */
public final class JobService {
    private static final Logger LOG = LoggerFactory.getLogger(JobService.class);
    public static final String COMPACTION = "compaction";
    public static final String CUSTOM = "custom";
    public static final String DISPATCH_LOCAL = "local";
    public static final String DISPATCH_WORKER = "worker";
    static final Set<String> FINAL = Set.of("succeeded", "failed", "cancelled");
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_.:=/-]{1,128}");
    public static final int MAX_METADATA_BYTES = 16 * 1024;
    public static final int MAX_CONTEXT_BYTES = 64 * 1024;
    public static final int MAX_ERROR_CHARS = 8 * 1024;
    public static final int MAX_WATERMARK_CHARS = 4 * 1024;
    private static final long MAX_BACKOFF_NS = Duration.ofMinutes(10).toNanos();
    private static final String COLUMNS = "id, seq, job_type, dispatch, state, context, worker_tags, attempt,"
            + " max_attempts, lease_ms, fencing_token, lease_deadline, worker_id, created_at, available_at,"
            + " started_at, finished_at, records_processed, watermark, error, updated_at";

    /** A job as stored. Times are nanoseconds since the epoch; nullable ones are absent when null. */
    public record JobRow(String id, long seq, String type, String dispatch, String state, Map<String, String> context,
                         List<String> workerTags, int attempt, int maxAttempts, long leaseMs, long fencingToken,
                         Long leaseDeadline, String workerId, long createdAt, long availableAt, Long startedAt,
                         Long finishedAt, long recordsProcessed, String watermark, String error, long updatedAt) {
        public boolean isFinal() {
            return FINAL.contains(state);
        }
    }

    /** One progress event. */
    public record Event(long seq, String name, long at, Long completed, Long expected, Map<String, String> metadata,
                        long fencingToken) {
    }

    /** A submission, validated by {@link #submit}. */
    public record Submit(String type, Map<String, String> context, List<String> workerTags, int maxAttempts,
                         long leaseMs) {
    }

    /** One page of {@link #list}; {@code nextPageToken} is null on the last page. */
    public record Page(List<JobRow> jobs, String nextPageToken) {
    }

    private final Database db;
    private final Clock clock;
    private final ObjectMapper json;
    private final Duration retryBackoff;
    private final Object signal = new Object();

    public JobService(Database db, Clock clock, ObjectMapper json, Duration retryBackoff) {
        this.db = db;
        this.clock = clock;
        this.json = json;
        this.retryBackoff = retryBackoff;
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
        String context = toJson(s.context());
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
                toJsonArray(tags), s.maxAttempts(), s.leaseMs(), now, now, now);
        for (String tag : tags) {
            update(c, "INSERT INTO job_tags (job_id, tag) VALUES (?, ?)", id, tag);
        }
        event(c, id, "submitted", now, null, null, Map.of(), 0);
        return require(c, id);
    }

    /** Wakes long polls and local runners after a transaction that changed jobs committed. */
    public void notifyChanged() {
        changed();
    }

    /** Reads a job in the caller's transaction. */
    public JobRow get(Connection c, String id) throws SQLException {
        return require(c, id);
    }

    /** Cancels a pending job in the caller's transaction; false when it was no longer pending. */
    public boolean cancelPending(Connection c, String id) throws SQLException {
        long now = nowNs();
        int n = update(c, "UPDATE jobs SET state = 'cancelled', finished_at = ?, lease_deadline = NULL,"
                + " updated_at = ? WHERE id = ? AND state = 'pending'", now, now, id);
        if (n == 1) {
            event(c, id, "cancelled", now, null, null, Map.of(), require(c, id).fencingToken());
        }
        return n == 1;
    }

    public JobRow get(String id) throws SQLException {
        return db.tx(c -> require(c, id));
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

    private void changed() {
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
            List<JobRow> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                bind(ps, args.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs));
                    }
                }
            }
            String next = null;
            if (rows.size() > pageSize) {
                rows = new ArrayList<>(rows.subList(0, pageSize));
                next = Long.toString(rows.get(pageSize - 1).seq());
            }
            return new Page(rows, next);
        });
    }

    public List<Event> events(String id) throws SQLException {
        return db.tx(c -> {
            require(c, id);
            List<Event> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, name, at, completed, expected, metadata,"
                    + " fencing_token FROM job_events WHERE job_id = ? ORDER BY seq")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Event(rs.getLong(1), rs.getString(2), rs.getLong(3), nullableLong(rs, 4),
                                nullableLong(rs, 5), fromJson(rs.getString(6)), rs.getLong(7)));
                    }
                }
            }
            return out;
        });
    }

    // ---------------------------------------------------------------- claim and lease

    /**
     * Claims the oldest claimable job of {@code dispatch} whose required tags are all in
     * {@code workerTags} (and whose type is in {@code types}, when given), after returning lapsed
     * leases to the queue.
     */
    public Optional<JobRow> claim(String dispatch, Collection<String> workerTags, Collection<String> types,
                                  String workerId) throws SQLException {
        Set<String> tags = checkTags(workerTags, "workerTags");
        for (String t : types) {
            if (!TYPE.matcher(t).matches()) {
                throw new InvalidRequestException("job type '" + t + "' must match " + TYPE.pattern());
            }
        }
        if (workerId != null && workerId.length() > 200) {
            throw new InvalidRequestException("workerId must have at most 200 characters");
        }
        StringBuilder pick = new StringBuilder("SELECT j.id FROM jobs j WHERE j.dispatch = ? AND j.state = 'pending'"
                + " AND j.available_at <= ?");
        if (!types.isEmpty()) {
            pick.append(" AND j.job_type IN (").append(marks(types.size())).append(")");
        }
        pick.append(" AND NOT EXISTS (SELECT 1 FROM job_tags t WHERE t.job_id = j.id");
        if (!tags.isEmpty()) {
            pick.append(" AND t.tag NOT IN (").append(marks(tags.size())).append(")");
        }
        pick.append(") ORDER BY j.seq LIMIT 1").append(db.dialect().skipLocked());
        String sql = "UPDATE jobs SET state = 'claimed', attempt = attempt + 1, fencing_token = fencing_token + 1,"
                + " lease_deadline = ? + lease_ms * 1000000, worker_id = ?, started_at = COALESCE(started_at, ?),"
                + " updated_at = ? WHERE id = (" + pick + ") AND state = 'pending' RETURNING id";
        Optional<JobRow> claimed = db.tx(c -> {
            long now = nowNs();
            reclaim(c, now, 50);
            List<Object> args = new ArrayList<>(List.of(now, workerId == null ? "" : workerId, now, now, dispatch, now));
            args.addAll(types);
            args.addAll(tags);
            String id = null;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        id = rs.getString(1);
                    }
                }
            }
            if (id == null) {
                return Optional.<JobRow>empty();
            }
            JobRow row = require(c, id);
            Map<String, String> meta = workerId == null ? Map.of() : Map.of("workerId", workerId);
            event(c, id, "claimed", now, null, null, meta, row.fencingToken());
            return Optional.of(row);
        });
        if (claimed.isPresent()) {
            changed();
        }
        return claimed;
    }

    /**
     * Records a progress event from the holder of {@code token} and pushes the lease deadline to now +
     * {@code heartbeatMs} (the job's lease duration when null). A claimed job becomes running.
     */
    public JobRow event(String id, long token, String name, Long completed, Long expected, Map<String, String> metadata,
                        Long heartbeatMs) throws SQLException {
        if (name == null || name.isEmpty() || name.length() > 200) {
            throw new InvalidRequestException("event name must have 1..200 characters");
        }
        if ((completed != null && completed < 0) || (expected != null && expected < 0)) {
            throw new InvalidRequestException("completed and expected must be >= 0");
        }
        if (heartbeatMs != null && (heartbeatMs < 1000 || heartbeatMs > Duration.ofDays(1).toMillis())) {
            throw new InvalidRequestException("heartbeatTimeoutMillis must be 1000..86400000, got " + heartbeatMs);
        }
        String meta = toJson(metadata);
        if (meta.getBytes(StandardCharsets.UTF_8).length > MAX_METADATA_BYTES) {
            throw new PayloadTooLargeException("event metadata has more than " + MAX_METADATA_BYTES
                    + " bytes; nothing was recorded");
        }
        JobRow row = db.tx(c -> {
            long now = nowNs();
            String deadline = heartbeatMs == null ? "? + lease_ms * 1000000" : "? + " + (heartbeatMs * 1_000_000L);
            int n = update(c, "UPDATE jobs SET state = 'running', lease_deadline = " + deadline + ", updated_at = ?"
                    + " WHERE id = ? AND fencing_token = ? AND state IN ('claimed', 'running') AND lease_deadline >= ?",
                    now, now, id, token, now);
            if (n != 1) {
                throw refused(c, id, token, now);
            }
            if (!name.equals("heartbeat")) {
                event(c, id, name, now, completed, expected, metadata == null ? Map.of() : metadata, token);
            }
            return require(c, id);
        });
        changed();
        return row;
    }

    public JobRow heartbeat(String id, long token) throws SQLException {
        return event(id, token, "heartbeat", null, null, Map.of(), null);
    }

    /** Ends the job as succeeded, storing records processed and the watermark in the same statement. */
    public JobRow complete(String id, long token, long records, String watermark) throws SQLException {
        return complete(id, token, records, watermark, null);
    }

    /**
     * Like {@link #complete(String, long, long, String)}, running {@code alsoInTx} (e.g. a compaction's
     * commit) in the same transaction first: both happen or neither.
     */
    public JobRow complete(String id, long token, long records, String watermark, Database.Work<?> alsoInTx)
            throws SQLException {
        if (records < 0) {
            throw new InvalidRequestException("recordsProcessed must be >= 0, got " + records);
        }
        if (watermark != null && watermark.length() > MAX_WATERMARK_CHARS) {
            throw new PayloadTooLargeException("the watermark has more than " + MAX_WATERMARK_CHARS + " characters");
        }
        JobRow row = db.tx(c -> {
            long now = nowNs();
            // lock the job row first: a stale holder never gets to run alsoInTx
            int n = update(c, "UPDATE jobs SET state = 'succeeded', finished_at = ?, records_processed = ?,"
                    + " watermark = ?, lease_deadline = NULL, error = NULL, updated_at = ? WHERE id = ? AND fencing_token = ?"
                    + " AND state IN ('claimed', 'running') AND lease_deadline >= ?", now, records, watermark, now, id,
                    token, now);
            if (n != 1) {
                throw refused(c, id, token, now);
            }
            if (alsoInTx != null) {
                alsoInTx.run(c);
            }
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("recordsProcessed", Long.toString(records));
            if (watermark != null) {
                meta.put("watermark", watermark);
            }
            event(c, id, "succeeded", now, records, null, meta, token);
            return require(c, id);
        });
        changed();
        return row;
    }

    /** Fails the attempt: back to pending after a backoff when retryable and attempts remain, else failed. */
    public JobRow fail(String id, long token, String error, boolean retryable) throws SQLException {
        String message = error == null || error.isBlank() ? "failed" : error;
        if (message.length() > MAX_ERROR_CHARS) {
            message = message.substring(0, MAX_ERROR_CHARS);
        }
        String msg = message;
        JobRow row = db.tx(c -> {
            long now = nowNs();
            JobRow current = find(c, id).orElseThrow(() -> notFound(id));
            if (current.fencingToken() != token || !Set.of("claimed", "running").contains(current.state())
                    || current.leaseDeadline() == null || current.leaseDeadline() < now) {
                throw refused(c, id, token, now);
            }
            if (!endAttempt(c, current, now, msg, retryable, token)) {
                throw refused(c, id, token, now);
            }
            return require(c, id);
        });
        changed();
        return row;
    }

    /** Cancels a job that has not ended; its holder's next call is refused. */
    public JobRow cancel(String id) throws SQLException {
        JobRow row = db.tx(c -> {
            long now = nowNs();
            int n = update(c, "UPDATE jobs SET state = 'cancelled', finished_at = ?, lease_deadline = NULL,"
                    + " updated_at = ? WHERE id = ? AND state IN ('pending', 'claimed', 'running')", now, now, id);
            if (n != 1) {
                JobRow current = find(c, id).orElseThrow(() -> notFound(id));
                throw new ConflictException("job '" + id + "' is already " + current.state() + " and cannot be cancelled");
            }
            JobRow current = require(c, id);
            event(c, id, "cancelled", now, null, null, Map.of(), current.fencingToken());
            return current;
        });
        changed();
        return row;
    }

    /** Returns lapsed leases to the queue (or fails their jobs); returns how many were handled. */
    public int reclaimExpired() throws SQLException {
        int n = db.tx(c -> reclaim(c, nowNs(), 1000));
        if (n > 0) {
            changed();
        }
        return n;
    }

    private int reclaim(Connection c, long now, int limit) throws SQLException {
        List<JobRow> lapsed = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE state IN ('claimed',"
                + " 'running') AND lease_deadline < ? ORDER BY lease_deadline LIMIT ?" + db.dialect().skipLocked())) {
            ps.setLong(1, now);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lapsed.add(row(rs));
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
    private boolean endAttempt(Connection c, JobRow j, long now, String error, boolean retryable, long token)
            throws SQLException {
        if (retryable && j.attempt() < j.maxAttempts()) {
            long backoff = backoffNs(j.attempt());
            if (update(c, "UPDATE jobs SET state = 'pending', available_at = ?, lease_deadline = NULL, worker_id = NULL,"
                    + " error = ?, updated_at = ? WHERE id = ? AND fencing_token = ? AND state IN ('claimed', 'running')",
                    now + backoff, error, now, j.id(), token) != 1) {
                return false;
            }
            event(c, j.id(), error.equals("lease lost") ? "lease-lost" : "attempt-failed", now, null, null,
                    Map.of("error", error, "retryInMillis", Long.toString(backoff / 1_000_000)), token);
        } else {
            if (update(c, "UPDATE jobs SET state = 'failed', finished_at = ?, lease_deadline = NULL, error = ?,"
                    + " updated_at = ? WHERE id = ? AND fencing_token = ? AND state IN ('claimed', 'running')", now, error,
                    now, j.id(), token) != 1) {
                return false;
            }
            event(c, j.id(), "failed", now, null, null, Map.of("error", error), token);
        }
        return true;
    }

    long backoffNs(int attempt) {
        long base = retryBackoff.toNanos();
        int shift = Math.min(Math.max(0, attempt - 1), 20);
        long b = base > (MAX_BACKOFF_NS >> shift) ? MAX_BACKOFF_NS : base << shift;
        return Math.min(b, MAX_BACKOFF_NS);
    }

    /** Why a holder's call was refused: unknown job (404), or conflict with the reason. */
    private RuntimeException refused(Connection c, String id, long token, long now) throws SQLException {
        JobRow j = find(c, id).orElse(null);
        if (j == null) {
            return notFound(id);
        }
        if (j.fencingToken() != token) {
            return new ConflictException("fencing token " + token + " of job '" + id + "' is stale (current "
                    + j.fencingToken() + "): the job was claimed again; nothing changed");
        }
        if (!Set.of("claimed", "running").contains(j.state())) {
            return new ConflictException("job '" + id + "' is " + j.state() + ", not held by a worker; nothing changed");
        }
        return new ConflictException("the lease of job '" + id + "' lapsed at " + j.leaseDeadline()
                + " (now " + now + "); nothing changed");
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("job '" + id + "' does not exist");
    }

    // ---------------------------------------------------------------- rows and helpers

    private JobRow require(Connection c, String id) throws SQLException {
        return find(c, id).orElseThrow(() -> notFound(id));
    }

    private Optional<JobRow> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private JobRow row(ResultSet rs) throws SQLException {
        List<String> tags = new ArrayList<>();
        readTree(rs.getString(7)).forEach(n -> tags.add(n.asText()));
        return new JobRow(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                fromJson(rs.getString(6)), tags, rs.getInt(8), rs.getInt(9), rs.getLong(10), rs.getLong(11),
                nullableLong(rs, 12), rs.getString(13), rs.getLong(14), rs.getLong(15), nullableLong(rs, 16),
                nullableLong(rs, 17), rs.getLong(18), rs.getString(19), rs.getString(20), rs.getLong(21));
    }

    private void event(Connection c, String id, String name, long at, Long completed, Long expected,
                       Map<String, String> metadata, long token) throws SQLException {
        long seq;
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) + 1 FROM job_events WHERE job_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                seq = rs.getLong(1);
            }
        }
        update(c, "INSERT INTO job_events (job_id, seq, name, at, completed, expected, metadata, fencing_token)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, seq, name, at, completed, expected, toJson(metadata), token);
    }

    private static Set<String> checkTags(Collection<String> tags, String what) {
        Set<String> out = new TreeSet<>();
        if (tags == null) {
            return out;
        }
        if (tags.size() > 64) {
            throw new InvalidRequestException(what + " may hold at most 64 tags");
        }
        for (String t : tags) {
            if (t == null || !TAG.matcher(t).matches()) {
                throw new InvalidRequestException("tag '" + t + "' in " + what + " must match " + TAG.pattern());
            }
            out.add(t);
        }
        return out;
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private String toJson(Map<String, String> map) {
        ObjectNode n = json.createObjectNode();
        if (map != null) {
            map.forEach(n::put);
        }
        return n.toString();
    }

    private String toJsonArray(Collection<String> values) {
        ArrayNode n = json.createArrayNode();
        values.forEach(n::add);
        return n.toString();
    }

    private Map<String, String> fromJson(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        readTree(s).properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private JsonNode readTree(String s) {
        try {
            return json.readTree(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON in the job tables", e);
        }
    }
}
