package io.deltacat.server.internal.jobs;

import static io.deltacat.server.internal.jobs.JobModel.MAX_BATCH;
import static io.deltacat.server.internal.jobs.JobModel.MAX_ERROR_CHARS;
import static io.deltacat.server.internal.jobs.JobModel.MAX_METADATA_BYTES;
import static io.deltacat.server.internal.jobs.JobModel.MAX_WATERMARK_BYTES;
import static io.deltacat.server.internal.jobs.JobModel.TYPE;
import static io.deltacat.server.internal.jobs.JobModel.checkTags;
import static io.deltacat.server.internal.jobs.JobRows.COLUMNS;
import static io.deltacat.server.internal.jobs.JobRows.RETURNING;
import static io.deltacat.server.internal.jobs.JobRows.marks;
import static io.deltacat.server.internal.jobs.JobRows.notFound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.PayloadTooLargeException;
import io.deltacat.server.internal.jobs.JobModel.Claim;
import io.deltacat.server.internal.jobs.JobModel.End;
import io.deltacat.server.internal.jobs.JobModel.EndAndClaim;
import io.deltacat.server.internal.jobs.JobModel.EndResult;
import io.deltacat.server.internal.jobs.JobModel.JobRow;
import io.deltacat.server.internal.store.Database;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The worker's side of the queue: claiming jobs and, while holding their leases, reporting progress,
 * completing or failing them, one at a time or many per call.
 *
 * <ul>
 * <li>A claim is one UPDATE ... RETURNING over a sub-select ({@code FOR UPDATE SKIP LOCKED} on
 *     PostgreSQL) of up to N jobs; it raises each job's fencing token, a per-job counter that only
 *     grows; every later call of the holder presents it and is refused (409) once it is stale, or
 *     once the lease has lapsed. A keyed claim records its key on the rows it leases: a resend
 *     answers the same jobs with the same tokens and claims nothing more. A claim that finds fewer
 *     jobs than it asked for returns lapsed leases to the queue (the server's reclaimer does too).</li>
 * <li>Completion stores the records processed and the watermark in the same UPDATE that ends the
 *     job, in one transaction (which may also carry the job's own commit, see
 *     {@link #complete(String, long, long, JsonNode, String, Database.Work)}). The call's key is
 *     recorded on the row, so a resend of an end that succeeded answers the job as it then is,
 *     while another call with the same (now spent) token is refused.</li>
 * <li>Events are numbered by the job row's counter and written in the UPDATE's transaction; a resend
 *     of an event (same key) records nothing twice. Heartbeats are idempotent by themselves.</li>
 * </ul>
 */
public final class JobLeases {
    /** Job types whose completion runs a pipeline node's commit ({@code RunCompletion}), never a batch. */
    private static final String NODE_KINDS = "'subscription', 'transform', 'publication'";

    private final Database db;
    private final JobQueue queue;
    private final JobRows rows;
    private final LapsedLeases lapsed;

    JobLeases(Database db, JobQueue queue, JobRows rows, LapsedLeases lapsed) {
        this.db = db;
        this.queue = queue;
        this.rows = rows;
        this.lapsed = lapsed;
    }

    /** Claims at most one job (see {@link #claim(Claim, String)}). */
    public Optional<JobRow> claim(String dispatch, List<String> workerTags, List<String> types, String workerId)
            throws SQLException {
        return claim(new Claim(dispatch, workerTags, types, workerId, 1), null).stream().findFirst();
    }

    /**
     * Claims up to {@code claim.maxJobs()} jobs, oldest first. With {@code key}: when jobs were
     * claimed with that key, answers them as they are (a resend) and claims nothing.
     */
    public List<JobRow> claim(Claim claim, String key) throws SQLException {
        checkClaim(claim);
        return db.tx(c -> claimIn(c, claim, key));
    }

    private void checkClaim(Claim claim) {
        checkTags(claim.workerTags(), "workerTags");
        for (String t : claim.types()) {
            if (t == null || !TYPE.matcher(t).matches()) {
                throw new InvalidRequestException("job type '" + t + "' must match " + TYPE.pattern());
            }
        }
        if (claim.workerId() != null && claim.workerId().length() > 200) {
            throw new InvalidRequestException("workerId must have at most 200 characters");
        }
        if (claim.maxJobs() < 1 || claim.maxJobs() > MAX_BATCH) {
            throw new InvalidRequestException("maxJobs must be 1.." + MAX_BATCH + ", got " + claim.maxJobs());
        }
    }

    private List<JobRow> claimIn(Connection c, Claim claim, String key) throws SQLException {
        if (key != null) {
            List<JobRow> earlier = rows.query(c, "SELECT " + COLUMNS + " FROM jobs WHERE claim_key = ?"
                    + " ORDER BY claim_index", key);
            if (!earlier.isEmpty()) {
                return earlier;
            }
        }
        Set<String> tags = checkTags(claim.workerTags(), "workerTags");
        StringBuilder sql = new StringBuilder("WITH locked AS (SELECT j.id AS lid, j.seq AS lseq FROM jobs j"
                + " WHERE j.dispatch = ? AND j.state = 'pending' AND j.available_at <= ?");
        if (!claim.types().isEmpty()) {
            sql.append(" AND j.job_type IN (").append(marks(claim.types().size())).append(")");
        }
        sql.append(" AND (j.tag_count = 0 OR NOT EXISTS (SELECT 1 FROM job_tags t WHERE t.job_id = j.id");
        if (!tags.isEmpty()) {
            sql.append(" AND t.tag NOT IN (").append(marks(tags.size())).append(")");
        }
        sql.append(")) ORDER BY j.seq LIMIT ?").append(db.dialect().skipLocked()).append("),")
                // the place of each job in the answer, for the claim key's unique index
                .append(" picked AS (SELECT lid AS pid, ROW_NUMBER() OVER (ORDER BY lseq) - 1 AS k FROM locked)")
                .append(" UPDATE jobs SET state = 'claimed', attempt = attempt + 1, fencing_token = fencing_token + 1,")
                .append(" lease_deadline = ? + lease_ms * 1000000, worker_id = ?, started_at = COALESCE(started_at, ?),")
                .append(" updated_at = ?, claim_key = ?, claim_index = picked.k, event_count = event_count + 1")
                .append(" FROM picked WHERE jobs.id = picked.pid AND jobs.state = 'pending' RETURNING ").append(RETURNING);
        long now = queue.nowNs();
        List<Object> args = new ArrayList<>(List.of(claim.dispatch(), now));
        args.addAll(claim.types());
        args.addAll(tags);
        args.add(claim.maxJobs());
        args.addAll(java.util.Arrays.asList(now, claim.workerId() == null ? "" : claim.workerId(), now, now, key));
        List<JobRows.Returned> claimed = new ArrayList<>(rows.returning(c, sql.toString(), args.toArray()));
        claimed.sort(Comparator.comparingLong(r -> r.row().seq()));
        Map<String, String> meta = claim.workerId() == null ? Map.of() : Map.of("workerId", claim.workerId());
        List<JobRows.NewEvent> events = new ArrayList<>();
        List<JobRow> out = new ArrayList<>();
        for (JobRows.Returned r : claimed) {
            events.add(rows.event(r.row().id(), r.eventCount(), "claimed", now, null, null, meta, r.row().fencingToken()));
            out.add(r.row());
        }
        if (!events.isEmpty()) {
            rows.events(c, events);
        }
        if (out.size() < claim.maxJobs()) {
            // fewer than asked: hand lapsed leases back now (they come back after their backoff)
            lapsed.reclaim(c, now, 50);
        }
        return out;
    }

    /**
     * Records a progress event from the holder of {@code token} and pushes the lease deadline to now +
     * {@code heartbeatMs} (the job's lease duration when null). A claimed job becomes running.
     */
    public JobRow event(String id, long token, String name, Long completed, Long expected, Map<String, String> metadata,
                        Long heartbeatMs) throws SQLException {
        ObjectNode meta = rows.json().newObject();
        if (metadata != null) {
            metadata.forEach(meta::put);
        }
        return event(id, token, name, completed, expected, meta, heartbeatMs, null);
    }

    /**
     * An event with metadata of any JSON values (a worker's event), at most
     * {@link JobModel#MAX_METADATA_BYTES} serialized. With {@code key}: a resend of an event already
     * recorded with that key records nothing and answers the lease.
     */
    public JobRow event(String id, long token, String name, Long completed, Long expected, ObjectNode metadata,
                        Long heartbeatMs, String key) throws SQLException {
        if (name == null || name.isEmpty() || name.length() > 200) {
            throw new InvalidRequestException("event name must have 1..200 characters");
        }
        if ((completed != null && completed < 0) || (expected != null && expected < 0)) {
            throw new InvalidRequestException("completed and expected must be >= 0");
        }
        if (heartbeatMs != null && (heartbeatMs < 1000 || heartbeatMs > Duration.ofDays(1).toMillis())) {
            throw new InvalidRequestException("heartbeatTimeoutMillis must be 1000..86400000, got " + heartbeatMs);
        }
        String meta = metadata == null ? "{}" : metadata.toString();
        int metaBytes = meta.getBytes(StandardCharsets.UTF_8).length;
        if (metaBytes > MAX_METADATA_BYTES) {
            throw new PayloadTooLargeException("event metadata has " + metaBytes + " bytes as JSON; the limit is "
                    + MAX_METADATA_BYTES + " bytes; nothing was recorded");
        }
        boolean recorded = !name.equals("heartbeat");
        return db.tx(c -> {
            long now = queue.nowNs();
            String deadline = heartbeatMs == null ? "? + lease_ms * 1000000" : "? + " + (heartbeatMs * 1_000_000L);
            List<Object> args = new ArrayList<>(List.of(now, now));
            StringBuilder sql = new StringBuilder("UPDATE jobs SET state = 'running', lease_deadline = ")
                    .append(deadline).append(", updated_at = ?");
            if (recorded) {
                sql.append(", event_count = event_count + 1, event_key = ?");
                args.add(key);
            }
            sql.append(" WHERE id = ? AND fencing_token = ? AND state IN ('claimed', 'running') AND lease_deadline >= ?");
            args.addAll(List.of(id, token, now));
            if (recorded && key != null) {
                sql.append(" AND (event_key IS NULL OR event_key <> ?)");
                args.add(key);
            }
            List<JobRows.Returned> r = rows.returning(c, sql.append(" RETURNING ").append(RETURNING).toString(),
                    args.toArray());
            if (r.isEmpty()) {
                JobRows.Keyed k = rows.findKeyed(c, List.of(id)).get(id);
                if (recorded && key != null && k != null && key.equals(k.eventKey())) {
                    return k.row(); // a resend: the event is recorded already
                }
                throw refused(k == null ? null : k.row(), id, token, now);
            }
            if (recorded) {
                rows.events(c, List.of(new JobRows.NewEvent(id, r.get(0).eventCount(), name, now, completed, expected,
                        meta, token)));
            }
            return r.get(0).row();
        });
    }

    public JobRow heartbeat(String id, long token) throws SQLException {
        return event(id, token, "heartbeat", null, null, (ObjectNode) null, null, null);
    }

    /**
     * Ends the job as succeeded, storing records processed and the watermark (any JSON value, stored
     * as its JSON text; null or JSON null for none) in the same statement.
     */
    public JobRow complete(String id, long token, long records, JsonNode watermark) throws SQLException {
        return complete(id, token, records, watermark, null, null);
    }

    /**
     * Like {@link #complete(String, long, long, JsonNode)}, running {@code alsoInTx} (e.g. a
     * compaction's commit) in the same transaction after the fenced UPDATE: both happen or neither.
     * With {@code key}: a resend of a completion that succeeded answers the job and runs nothing.
     */
    public JobRow complete(String id, long token, long records, JsonNode watermark, String key,
                           Database.Work<?> alsoInTx) throws SQLException {
        End end = End.complete(id, token, records, watermark);
        String wm = checkEnd(end);
        JobRow row = db.tx(c -> {
            long now = queue.nowNs();
            // lock the job row first: a stale holder never gets to run alsoInTx
            List<JobRows.Returned> r = rows.returning(c, "UPDATE jobs SET state = 'succeeded', finished_at = ?,"
                    + " records_processed = ?, watermark = ?, lease_deadline = NULL, error = NULL, updated_at = ?,"
                    + " end_key = ?, event_count = event_count + 1 WHERE id = ? AND fencing_token = ?"
                    + " AND state IN ('claimed', 'running') AND lease_deadline >= ? RETURNING " + RETURNING,
                    now, records, wm, now, key, id, token, now);
            if (r.isEmpty()) {
                return resentOrRefused(c, end, key, now);
            }
            if (alsoInTx != null) {
                alsoInTx.run(c);
            }
            rows.events(c, List.of(succeeded(end, r.get(0), now)));
            return r.get(0).row();
        });
        queue.ended(List.of(id));
        return row;
    }

    /**
     * {@link #complete} of a job that is not a pipeline node run; empty when it is one (its
     * completion commits the run's writes: {@code RunCompletion}), and nothing changed.
     */
    public Optional<JobRow> completeUnlessNodeRun(String id, long token, long records, JsonNode watermark, String key)
            throws SQLException {
        EndResult r = db.tx(c -> endIn(c, List.of(End.complete(id, token, records, watermark)), key)).get(0);
        if (r.refusal() instanceof NodeRun) {
            return Optional.empty();
        }
        if (r.refusal() != null) {
            throw r.refusal();
        }
        queue.ended(List.of(id));
        return Optional.of(r.job());
    }

    /** Fails the attempt: back to pending after a backoff when retryable and attempts remain, else failed. */
    public JobRow fail(String id, long token, String error, boolean retryable) throws SQLException {
        return fail(id, token, error, retryable, null);
    }

    /** {@link #fail(String, long, String, boolean)}; a resend with the same {@code key} answers the job. */
    public JobRow fail(String id, long token, String error, boolean retryable, String key) throws SQLException {
        EndResult r = endAll(List.of(End.fail(id, token, error, retryable)), key).get(0);
        if (r.refusal() != null) {
            throw r.refusal();
        }
        return r.job();
    }

    /** Ends many held attempts in one transaction; each one's result in request order. */
    public List<EndResult> endAll(List<End> ends, String key) throws SQLException {
        return endAndClaim(ends, key, null).ended();
    }

    /**
     * Ends held attempts, then claims (when {@code next} is given), in one transaction: the worker's
     * round trip. An end refused (stale token, lapsed lease, unknown job, a node run) is reported in
     * its result and does not stop the others.
     */
    public EndAndClaim endAndClaim(List<End> ends, String key, Claim next) throws SQLException {
        if (ends.size() > MAX_BATCH) {
            throw new InvalidRequestException("a call ends at most " + MAX_BATCH + " jobs, got " + ends.size());
        }
        Set<String> seen = new HashSet<>();
        for (End e : ends) {
            checkEnd(e);
            if (!seen.add(e.jobId())) {
                throw new InvalidRequestException("job '" + e.jobId() + "' is ended more than once in one call");
            }
        }
        if (next != null) {
            checkClaim(next);
        }
        EndAndClaim out = db.tx(c -> {
            List<EndResult> ended = endIn(c, ends, key);
            List<JobRow> claimed = next == null ? List.of() : claimIn(c, next, key);
            return new EndAndClaim(ended, claimed);
        });
        queue.ended(out.ended().stream().filter(r -> r.ended() && r.job().isFinal()).map(EndResult::jobId).toList());
        return out;
    }

    /** Checks an end's values before anything runs; returns the watermark's JSON text (or null). */
    private static String checkEnd(End e) {
        if (e.jobId() == null || e.jobId().isEmpty()) {
            throw new InvalidRequestException("a job id is required");
        }
        if (e.records() < 0) {
            throw new InvalidRequestException("recordsProcessed must be >= 0, got " + e.records());
        }
        JsonNode w = e.watermark();
        String watermark = w == null || w.isNull() ? null : w.toString();
        if (watermark != null) {
            int bytes = watermark.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_WATERMARK_BYTES) {
                throw new PayloadTooLargeException("the watermark has " + bytes + " bytes as JSON; the limit is "
                        + MAX_WATERMARK_BYTES + " bytes; nothing changed");
            }
        }
        return watermark;
    }

    private List<EndResult> endIn(Connection c, List<End> ends, String key) throws SQLException {
        long now = queue.nowNs();
        List<End> completes = ends.stream().filter(End::success).toList();
        Map<String, JobRow> done = new java.util.HashMap<>();
        if (!completes.isEmpty()) {
            // one UPDATE for every completion: a VALUES list of (id, token, records, watermark)
            StringBuilder sql = new StringBuilder("WITH v (vid, vtoken, vrecords, vwatermark) AS (VALUES ");
            List<Object> args = new ArrayList<>();
            for (int i = 0; i < completes.size(); i++) {
                End e = completes.get(i);
                sql.append(i == 0 ? "" : ", ")
                        .append("(CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT))");
                args.addAll(java.util.Arrays.asList(e.jobId(), e.token(), e.records(), checkEnd(e)));
            }
            sql.append(") UPDATE jobs SET state = 'succeeded', finished_at = ?, records_processed = v.vrecords,"
                    + " watermark = v.vwatermark, lease_deadline = NULL, error = NULL, updated_at = ?, end_key = ?,"
                    + " event_count = event_count + 1 FROM v WHERE jobs.id = v.vid AND jobs.fencing_token = v.vtoken"
                    + " AND jobs.state IN ('claimed', 'running') AND jobs.lease_deadline >= ?"
                    + " AND jobs.job_type NOT IN (" + NODE_KINDS + ") RETURNING " + RETURNING);
            args.addAll(java.util.Arrays.asList(now, now, key, now));
            List<JobRows.NewEvent> events = new ArrayList<>();
            Map<String, End> byId = new java.util.HashMap<>();
            completes.forEach(e -> byId.put(e.jobId(), e));
            for (JobRows.Returned r : rows.returning(c, sql.toString(), args.toArray())) {
                done.put(r.row().id(), r.row());
                events.add(succeeded(byId.get(r.row().id()), r, now));
            }
            if (!events.isEmpty()) {
                rows.events(c, events);
            }
        }
        List<EndResult> out = new ArrayList<>();
        for (End e : ends) {
            JobRow row = done.get(e.jobId());
            if (row == null && !e.success()) {
                row = failIn(c, e, key, now);
            }
            out.add(row != null ? new EndResult(e.jobId(), e.token(), row, null) : null);
        }
        // what did not end: a resend of an end that did, or a refusal
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < ends.size(); i++) {
            if (out.get(i) == null) {
                missing.add(ends.get(i).jobId());
            }
        }
        Map<String, JobRows.Keyed> current = rows.findKeyed(c, missing);
        for (int i = 0; i < ends.size(); i++) {
            if (out.get(i) == null) {
                End e = ends.get(i);
                JobRows.Keyed k = current.get(e.jobId());
                out.set(i, k != null && key != null && key.equals(k.endKey())
                        ? new EndResult(e.jobId(), e.token(), k.row(), null)
                        : new EndResult(e.jobId(), e.token(), null, refusal(k, e, now)));
            }
        }
        return out;
    }

    /** A failure's end, or null when the job was not held with its token (nothing changed). */
    private JobRow failIn(Connection c, End e, String key, long now) throws SQLException {
        String message = e.error() == null || e.error().isBlank() ? "failed" : e.error();
        if (message.length() > MAX_ERROR_CHARS) {
            message = message.substring(0, MAX_ERROR_CHARS);
        }
        List<JobRow> held = rows.query(c, "SELECT " + COLUMNS + " FROM jobs WHERE id = ? AND fencing_token = ?"
                + " AND state IN ('claimed', 'running') AND lease_deadline >= ?", e.jobId(), e.token(), now);
        if (held.isEmpty()) {
            return null;
        }
        return lapsed.endAttempt(c, held.get(0), now, message, e.retryable(), e.token(), key);
    }

    private JobRows.NewEvent succeeded(End e, JobRows.Returned r, long now) {
        ObjectNode meta = rows.json().newObject().put("recordsProcessed", Long.toString(e.records()));
        if (e.watermark() != null && !e.watermark().isNull()) {
            meta.set("watermark", e.watermark());
        }
        return new JobRows.NewEvent(e.jobId(), r.eventCount(), "succeeded", now, e.records(), null, meta.toString(),
                e.token());
    }

    /** The single end's answer when its UPDATE changed nothing: a resend's job, or the refusal thrown. */
    private JobRow resentOrRefused(Connection c, End e, String key, long now) throws SQLException {
        JobRows.Keyed k = rows.findKeyed(c, List.of(e.jobId())).get(e.jobId());
        if (k != null && key != null && key.equals(k.endKey())) {
            return k.row();
        }
        throw refusal(k, e, now);
    }

    /** A node run's completion must go through {@code RunCompletion} (its writes commit with it). */
    static final class NodeRun extends InvalidRequestException {
        private static final long serialVersionUID = 1L;

        NodeRun(String id) {
            super("job '" + id + "' is a pipeline node run: complete it on its own (POST /v1/jobs/" + id
                    + "/complete), not in a batch");
        }
    }

    private static RuntimeException refusal(JobRows.Keyed k, End e, long now) {
        JobRow j = k == null ? null : k.row();
        if (j != null && e.success() && j.fencingToken() == e.token() && java.util.Set.of("claimed", "running")
                .contains(j.state()) && j.leaseDeadline() != null && j.leaseDeadline() >= now
                && Set.of("subscription", "transform", "publication").contains(j.type())) {
            return new NodeRun(e.jobId());
        }
        return refused(j, e.jobId(), e.token(), now);
    }

    /** Why a holder's call was refused: unknown job (404), or conflict with the reason. */
    static RuntimeException refused(JobRow j, String id, long token, long now) {
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
}
