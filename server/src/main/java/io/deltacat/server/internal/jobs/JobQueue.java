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
import io.deltacat.api.error.IdempotencyKeyReusedException;
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
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The durable job queue as its users see it: submitting, reading, listing, cancelling and waiting for
 * jobs. It owns the queue's clock and its wake-up signal, which the lease protocol and the pipelines
 * share. Time comes from the injected clock; waiting (long-poll) uses real time.
 */
/**
 * The durable job queue as its users see it: submitting (one job or a batch, in one transaction with
 * multi-row inserts), reading, listing, cancelling and waiting for jobs. It owns the queue's clock
 * and its wake-up signals: a long poll ({@link #await}) waits on its own job's signal, raised when
 * that job ends; the server's local runner waits on the local-work signal, raised when a job
 * dispatched to it is submitted. Time comes from the injected clock; waiting uses real time.
 *
 * <p>A keyed submit records its {@code Idempotency-Key} and the SHA-256 of its body with the jobs it
 * creates, so a resend with the same key answers the same jobs and creates none, and the same key
 * with another body is refused (422), without a stored answer.
 */
public final class JobQueue {
    private final Database db;
    private final Clock clock;
    private final JobRows rows;
    private final JobSeq seq;
    private final Map<String, Waiter> waiters = new ConcurrentHashMap<>();
    private final Waiter localWork = new Waiter();

    /** A signal with a version, so that a change between a read and the wait is not missed. */
    private static final class Waiter {
        int waiting;
        long version;

        synchronized void signal() {
            version++;
            notifyAll();
        }

        synchronized long version() {
            return version;
        }

        synchronized void await(long seen, long ms) throws InterruptedException {
            if (version == seen) {
                wait(ms);
            }
        }
    }

    JobQueue(Database db, Clock clock, JobRows rows, JobSeq seq) {
        this.db = db;
        this.clock = clock;
        this.rows = rows;
        this.seq = seq;
    }

    public long nowNs() {
        Instant i = clock.instant();
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    }

    // ---------------------------------------------------------------- submit, read, list

    public JobRow submit(Submit s) throws SQLException {
        return submitAll(List.of(s), null, null).get(0);
    }

    /**
     * Submits jobs in one transaction. With {@code key} (the request's {@code Idempotency-Key}) and
     * {@code bodyHash}: when jobs of that key exist, answers them (a resend) or refuses another body
     * with the same key.
     *
     * @throws IdempotencyKeyReusedException when the key was used for a submit with another body
     */
    public List<JobRow> submitAll(List<Submit> submits, String key, String bodyHash) throws SQLException {
        if (submits.isEmpty() || submits.size() > JobModel.MAX_BATCH) {
            throw new InvalidRequestException("a submit takes 1.." + JobModel.MAX_BATCH + " jobs, got " + submits.size());
        }
        List<Checked> checked = new ArrayList<>();
        for (Submit s : submits) {
            checked.add(check(s));
        }
        List<JobRow> out = db.tx(c -> insertChecked(c, checked, key, bodyHash));
        if (out.stream().anyMatch(r -> r.dispatch().equals(DISPATCH_LOCAL))) {
            localWork.signal();
        }
        return out;
    }

    /** The jobs a submit with {@code key} created, in its order; empty when there are none. */
    private List<JobRow> resent(Connection c, String key, String bodyHash) throws SQLException {
        List<JobRow> earlier = new ArrayList<>();
        String firstHash = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", submit_hash FROM jobs"
                + " WHERE submit_key = ? ORDER BY submit_index")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    earlier.add(rows.row(rs));
                    firstHash = rs.getString(22);
                }
            }
        }
        if (!earlier.isEmpty() && !Objects.equals(firstHash, bodyHash)) {
            throw new IdempotencyKeyReusedException("Idempotency-Key '" + key + "' was first sent with another"
                    + " submit; a new request needs a new key; nothing was submitted");
        }
        return earlier;
    }

    /**
     * Validates and inserts a job in the caller's transaction (e.g. a pipeline run created with the
     * commit that triggered it). The caller calls {@link #notifyChanged()} after its transaction.
     */
    public JobRow insert(Connection c, Submit s) throws SQLException {
        return insertChecked(c, List.of(check(s)), null, null).get(0);
    }

    /** A submission that passed the checks, with what it stores. */
    private record Checked(Submit submit, String dispatch, Set<String> tags, String context) {
    }

    private Checked check(Submit s) {
        if (s.type() == null || !TYPE.matcher(s.type()).matches()) {
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
        String dispatch = s.dispatch() == null ? DISPATCH_WORKER : s.dispatch();
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
        if (s.type().equals(JobModel.REPLICATION)) {
            dispatch = DISPATCH_LOCAL;
            for (String key : List.of("tableId", "root")) {
                if (s.context().get(key) == null || s.context().get(key).isEmpty()) {
                    throw new InvalidRequestException("a replication job needs context key '" + key + "'");
                }
            }
        }
        return new Checked(s, dispatch, tags, context);
    }

    /**
     * One multi-row INSERT of the jobs, one of their tags, one of their "submitted" events. A keyed
     * INSERT skips the rows of a key already used (its unique index; a concurrent first run is waited
     * for): then the jobs of that key are the answer, or the key was used with another body (422, and
     * whatever this INSERT added rolls back with the transaction).
     */
    private List<JobRow> insertChecked(Connection c, List<Checked> checked, String key, String bodyHash)
            throws SQLException {
        long now = nowNs();
        String row = "(?, " + seq.sqlValue() + ", ?, ?, 'pending', ?, ?, 0, ?, ?, 0, ?, ?, 0, ?, 1, ?, ?, ?, ?)";
        StringBuilder sql = new StringBuilder("INSERT INTO jobs (id, seq, job_type, dispatch, state, context,"
                + " worker_tags, attempt, max_attempts, lease_ms, fencing_token, created_at, available_at,"
                + " records_processed, updated_at, event_count, tag_count, submit_key, submit_hash, submit_index) VALUES ");
        sql.append(String.join(", ", Collections.nCopies(checked.size(), row)));
        List<Object> args = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < checked.size(); i++) {
            Checked k = checked.get(i);
            String id = UUID.randomUUID().toString();
            ids.add(id);
            args.add(id);
            if (!seq.inline()) {
                args.add(seq.next());
            }
            args.addAll(Arrays.asList(k.submit().type(), k.dispatch(), k.context(), rows.json().array(k.tags()),
                    k.submit().maxAttempts(), k.submit().leaseMs(), now, now, now, k.tags().size(), key,
                    key == null ? null : bodyHash,
                    key == null ? null : i));
        }
        if (key != null) {
            sql.append(" ON CONFLICT (submit_key, submit_index) DO NOTHING");
        }
        sql.append(" RETURNING id, seq");
        Map<String, Long> seqs = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, args.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seqs.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        if (seqs.size() < checked.size()) {
            List<JobRow> earlier = resent(c, key, bodyHash);
            if (!seqs.isEmpty() || earlier.size() != checked.size()) {
                throw new IdempotencyKeyReusedException("Idempotency-Key '" + key + "' was first sent with another"
                        + " submit; a new request needs a new key; nothing was submitted");
            }
            return earlier;
        }
        List<Object[]> tagRows = new ArrayList<>();
        List<JobRows.NewEvent> events = new ArrayList<>();
        List<JobRow> out = new ArrayList<>();
        for (int i = 0; i < checked.size(); i++) {
            Checked k = checked.get(i);
            String id = ids.get(i);
            for (String tag : k.tags()) {
                tagRows.add(new Object[] {id, tag});
            }
            events.add(rows.event(id, 1, "submitted", now, null, null, Map.of(), 0));
            out.add(new JobRow(id, seqs.get(id), k.submit().type(), k.dispatch(), "pending",
                    Collections.unmodifiableMap(new LinkedHashMap<>(k.submit().context())),
                    List.copyOf(k.tags()), 0, k.submit().maxAttempts(), k.submit().leaseMs(), 0, null, null, now, now,
                    null, null, 0, null, null, now));
        }
        if (!tagRows.isEmpty()) {
            JobRows.insert(c, "job_tags", "job_id, tag", 2, tagRows);
        }
        rows.events(c, events);
        return out;
    }

    /** Wakes every long poll and the local runner after a transaction that changed jobs committed. */
    public void notifyChanged() {
        waiters.values().forEach(Waiter::signal);
        localWork.signal();
    }

    /** Wakes the long polls of jobs that ended. */
    void ended(Collection<String> ids) {
        if (waiters.isEmpty()) {
            return;
        }
        for (String id : ids) {
            Waiter w = waiters.get(id);
            if (w != null) {
                w.signal();
            }
        }
    }

    /** Wakes the server's local runner: a job dispatched to it may be claimable. */
    void localWork() {
        localWork.signal();
    }

    /** Reads a job in the caller's transaction. */
    public JobRow get(Connection c, String id) throws SQLException {
        return rows.require(c, id);
    }

    /** Cancels a pending job in the caller's transaction; false when it was no longer pending. */
    public boolean cancelPending(Connection c, String id) throws SQLException {
        return cancelWhere(c, id, "state = 'pending'") != null;
    }

    /** Cancels the job in the caller's transaction when it is in a state {@code where} names; null if not. */
    private JobRow cancelWhere(Connection c, String id, String where) throws SQLException {
        long now = nowNs();
        List<JobRows.Returned> r = rows.returning(c, "UPDATE jobs SET state = 'cancelled', finished_at = ?,"
                + " lease_deadline = NULL, updated_at = ?, event_count = event_count + 1 WHERE id = ? AND " + where
                + " RETURNING " + JobRows.RETURNING, now, now, id);
        if (r.isEmpty()) {
            return null;
        }
        JobRow row = r.get(0).row();
        rows.events(c, List.of(rows.event(id, r.get(0).eventCount(), "cancelled", now, null, null, Map.of(),
                row.fencingToken())));
        return row;
    }

    public JobRow get(String id) throws SQLException {
        return db.tx(c -> rows.require(c, id));
    }

    /**
     * The job once it is final, or as it is when {@code wait} ends (a long poll: waits for this
     * job's end in this process, and re-reads the database periodically when other processes share it).
     */
    public JobRow await(String id, Duration wait) throws SQLException, InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        long pollMs = db.shared() ? 100 : 1000;
        Waiter w = waiters.compute(id, (k, v) -> {
            Waiter x = v == null ? new Waiter() : v;
            x.waiting++;
            return x;
        });
        try {
            while (true) {
                long seen = w.version();
                JobRow row = get(id);
                long remainingMs = (end - System.nanoTime()) / 1_000_000;
                if (row.isFinal() || remainingMs <= 0) {
                    return row;
                }
                w.await(seen, Math.max(1, Math.min(remainingMs, pollMs)));
            }
        } finally {
            waiters.compute(id, (k, v) -> --v.waiting == 0 ? null : v);
        }
    }

    /** Waits until a job may be claimable by the server's local runner, at most {@code ms}. */
    public void awaitLocalWork(long ms) throws InterruptedException {
        localWork.await(localWork.version(), ms);
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
            JobRow cancelled = cancelWhere(c, id, "state IN ('pending', 'claimed', 'running')");
            if (cancelled == null) {
                JobRow current = rows.find(c, id).orElseThrow(() -> notFound(id));
                throw new ConflictException("job '" + id + "' is already " + current.state() + " and cannot be cancelled");
            }
            return cancelled;
        });
        ended(List.of(id));
        return row;
    }
}
