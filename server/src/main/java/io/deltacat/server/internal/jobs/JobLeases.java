package io.deltacat.server.internal.jobs;

import static io.deltacat.server.internal.jobs.JobModel.MAX_ERROR_CHARS;
import static io.deltacat.server.internal.jobs.JobModel.MAX_METADATA_BYTES;
import static io.deltacat.server.internal.jobs.JobModel.MAX_WATERMARK_BYTES;
import static io.deltacat.server.internal.jobs.JobModel.TYPE;
import static io.deltacat.server.internal.jobs.JobModel.checkTags;
import static io.deltacat.server.internal.jobs.JobRows.marks;
import static io.deltacat.server.internal.jobs.JobRows.notFound;
import static io.deltacat.server.internal.store.Sql.bind;
import static io.deltacat.server.internal.store.Sql.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.PayloadTooLargeException;
import io.deltacat.server.internal.jobs.JobModel.JobRow;
import io.deltacat.server.internal.store.Database;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The worker's side of the queue: claiming a job and, while holding its lease, reporting progress,
 * completing or failing it.
 *
 * <ul>
 * <li>A claim is one short UPDATE over a sub-select ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL)
 *     that raises the job's fencing token, a per-job counter that only grows; every later call of the
 *     holder presents it and is refused (409) once it is stale, or once the lease has lapsed.</li>
 * <li>Completion stores the records processed and the watermark in the same UPDATE that ends the
 *     job, in one transaction (which may also carry the job's own commit, see
 *     {@link #complete(String, long, long, String, Database.Work)}).</li>
 * </ul>
 */
public final class JobLeases {
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
            long now = queue.nowNs();
            lapsed.reclaim(c, now, 50);
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
            JobRow row = rows.require(c, id);
            Map<String, String> meta = workerId == null ? Map.of() : Map.of("workerId", workerId);
            rows.event(c, id, "claimed", now, null, null, meta, row.fencingToken());
            return Optional.of(row);
        });
        if (claimed.isPresent()) {
            queue.changed();
        }
        return claimed;
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
        return event(id, token, name, completed, expected, meta, heartbeatMs);
    }

    /**
     * {@link #event(String, long, String, Long, Long, Map, Long)} with metadata of any JSON values (a
     * worker's event), at most {@link JobModel#MAX_METADATA_BYTES} serialized.
     */
    public JobRow event(String id, long token, String name, Long completed, Long expected, ObjectNode metadata,
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
        String meta = metadata == null ? "{}" : metadata.toString();
        int metaBytes = meta.getBytes(StandardCharsets.UTF_8).length;
        if (metaBytes > MAX_METADATA_BYTES) {
            throw new PayloadTooLargeException("event metadata has " + metaBytes + " bytes as JSON; the limit is "
                    + MAX_METADATA_BYTES + " bytes; nothing was recorded");
        }
        JobRow row = db.tx(c -> {
            long now = queue.nowNs();
            String deadline = heartbeatMs == null ? "? + lease_ms * 1000000" : "? + " + (heartbeatMs * 1_000_000L);
            int n = update(c, "UPDATE jobs SET state = 'running', lease_deadline = " + deadline + ", updated_at = ?"
                    + " WHERE id = ? AND fencing_token = ? AND state IN ('claimed', 'running') AND lease_deadline >= ?",
                    now, now, id, token, now);
            if (n != 1) {
                throw refused(c, id, token, now);
            }
            if (!name.equals("heartbeat")) {
                rows.event(c, id, name, now, completed, expected, meta, token);
            }
            return rows.require(c, id);
        });
        queue.changed();
        return row;
    }

    public JobRow heartbeat(String id, long token) throws SQLException {
        return event(id, token, "heartbeat", null, null, Map.of(), null);
    }

    /**
     * Ends the job as succeeded, storing records processed and the watermark (any JSON value, stored
     * as its JSON text; null or JSON null for none) in the same statement.
     */
    public JobRow complete(String id, long token, long records, JsonNode watermark) throws SQLException {
        return complete(id, token, records, watermark, null);
    }

    /**
     * Like {@link #complete(String, long, long, JsonNode)}, running {@code alsoInTx} (e.g. a
     * compaction's commit) in the same transaction first: both happen or neither.
     */
    public JobRow complete(String id, long token, long records, JsonNode watermarkValue, Database.Work<?> alsoInTx)
            throws SQLException {
        if (records < 0) {
            throw new InvalidRequestException("recordsProcessed must be >= 0, got " + records);
        }
        String watermark = watermarkValue == null || watermarkValue.isNull() ? null : watermarkValue.toString();
        if (watermark != null) {
            int bytes = watermark.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_WATERMARK_BYTES) {
                throw new PayloadTooLargeException("the watermark has " + bytes + " bytes as JSON; the limit is "
                        + MAX_WATERMARK_BYTES + " bytes; nothing changed");
            }
        }
        JobRow row = db.tx(c -> {
            long now = queue.nowNs();
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
            ObjectNode meta = rows.json().newObject().put("recordsProcessed", Long.toString(records));
            if (watermark != null) {
                meta.set("watermark", watermarkValue);
            }
            rows.event(c, id, "succeeded", now, records, null, meta.toString(), token);
            return rows.require(c, id);
        });
        queue.changed();
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
            long now = queue.nowNs();
            JobRow current = rows.find(c, id).orElseThrow(() -> notFound(id));
            if (current.fencingToken() != token || !Set.of("claimed", "running").contains(current.state())
                    || current.leaseDeadline() == null || current.leaseDeadline() < now) {
                throw refused(c, id, token, now);
            }
            if (!lapsed.endAttempt(c, current, now, msg, retryable, token)) {
                throw refused(c, id, token, now);
            }
            return rows.require(c, id);
        });
        queue.changed();
        return row;
    }

    /** Why a holder's call was refused: unknown job (404), or conflict with the reason. */
    private RuntimeException refused(Connection c, String id, long token, long now) throws SQLException {
        JobRow j = rows.find(c, id).orElse(null);
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
