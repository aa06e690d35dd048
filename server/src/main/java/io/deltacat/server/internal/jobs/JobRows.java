package io.deltacat.server.internal.jobs;

import static io.deltacat.server.internal.store.Sql.bind;
import static io.deltacat.server.internal.store.Sql.nullableLong;

import io.deltacat.api.error.NotFoundException;
import io.deltacat.server.internal.jobs.JobModel.JobRow;
import io.deltacat.server.internal.store.StoredJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rows of the job tables: reading jobs, appending to their event logs (many events in one
 * statement), multi-row inserts, and the stored JSON of their columns, so that the queue and the
 * lease protocol map rows one way.
 */
final class JobRows {
    static final String COLUMNS = "id, seq, job_type, dispatch, state, context, worker_tags, attempt,"
            + " max_attempts, lease_ms, fencing_token, lease_deadline, worker_id, created_at, available_at,"
            + " started_at, finished_at, records_processed, watermark, error, updated_at";
    /** {@link #COLUMNS} and the job's event counter (column 22), as UPDATE ... RETURNING answers them. */
    static final String RETURNING = COLUMNS + ", event_count";
    /** Most bind parameters in one statement (SQLite allows 32766, PostgreSQL 65535). */
    private static final int MAX_PARAMETERS = 30_000;

    /** One event to append; {@code metadata} is the JSON text of an object. */
    record NewEvent(String jobId, long seq, String name, long at, Long completed, Long expected, String metadata,
                    long token) {
    }

    /** A job with the keys of the calls that last touched it (for resends of those calls). */
    record Keyed(JobRow row, String submitHash, String endKey, String eventKey) {
    }

    private final StoredJson json;

    JobRows(StoredJson json) {
        this.json = json;
    }

    StoredJson json() {
        return json;
    }

    JobRow require(Connection c, String id) throws SQLException {
        return find(c, id).orElseThrow(() -> notFound(id));
    }

    Optional<JobRow> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** The jobs among {@code ids} that exist, with their call keys, by id. */
    Map<String, Keyed> findKeyed(Connection c, Collection<String> ids) throws SQLException {
        Map<String, Keyed> out = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", submit_hash, end_key, event_key"
                + " FROM jobs WHERE id IN (" + marks(ids.size()) + ")")) {
            bind(ps, ids.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JobRow r = row(rs);
                    out.put(r.id(), new Keyed(r, rs.getString(22), rs.getString(23), rs.getString(24)));
                }
            }
        }
        return out;
    }

    /** Runs a query of {@code SELECT COLUMNS ...} (or {@link #RETURNING}) and maps its rows. */
    List<JobRow> query(Connection c, String sql, Object... args) throws SQLException {
        List<JobRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        }
        return out;
    }

    /**
     * Runs an {@code UPDATE ... RETURNING} {@link #RETURNING} and maps its rows, each with the job's
     * event counter after the update.
     */
    List<Returned> returning(Connection c, String sql, Object... args) throws SQLException {
        List<Returned> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Returned(row(rs), rs.getLong(22)));
                }
            }
        }
        return out;
    }

    /** A row an update returned, with the job's event counter after it (the seq of its newest event). */
    record Returned(JobRow row, long eventCount) {
    }

    /** The job of the current row of a {@code SELECT COLUMNS} query. */
    JobRow row(ResultSet rs) throws SQLException {
        List<String> tags = new ArrayList<>();
        json.tree(rs.getString(7)).forEach(n -> tags.add(n.asText()));
        return new JobRow(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                json.stringMap(rs.getString(6)), tags, rs.getInt(8), rs.getInt(9), rs.getLong(10), rs.getLong(11),
                nullableLong(rs, 12), rs.getString(13), rs.getLong(14), rs.getLong(15), nullableLong(rs, 16),
                nullableLong(rs, 17), rs.getLong(18), rs.getString(19), rs.getString(20), rs.getLong(21));
    }

    /** Appends events to job logs in one statement per few thousand events; their seqs come from the jobs. */
    void events(Connection c, List<NewEvent> events) throws SQLException {
        List<Object[]> values = new ArrayList<>(events.size());
        for (NewEvent e : events) {
            values.add(new Object[] {e.jobId(), e.seq(), e.name(), e.at(), e.completed(), e.expected(), e.metadata(),
                e.token()});
        }
        insert(c, "job_events", "job_id, seq, name, at, completed, expected, metadata, fencing_token", 8, values);
    }

    /** One event whose metadata are strings (the queue's own events). */
    NewEvent event(String jobId, long seq, String name, long at, Long completed, Long expected,
                   Map<String, String> metadata, long token) {
        return new NewEvent(jobId, seq, name, at, completed, expected, json.object(metadata), token);
    }

    /**
     * Inserts {@code rows} (each {@code width} values) into {@code table} with multi-row VALUES
     * statements, as few as the parameter limit allows.
     */
    static void insert(Connection c, String table, String columns, int width, List<Object[]> rows)
            throws SQLException {
        int perStatement = Math.max(1, MAX_PARAMETERS / width);
        String row = "(" + marks(width) + ")";
        for (int from = 0; from < rows.size(); from += perStatement) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + perStatement));
            String sql = "INSERT INTO " + table + " (" + columns + ") VALUES "
                    + String.join(", ", Collections.nCopies(chunk.size(), row));
            Object[] args = new Object[chunk.size() * width];
            int i = 0;
            for (Object[] r : chunk) {
                System.arraycopy(r, 0, args, i, width);
                i += width;
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                ps.executeUpdate();
            }
        }
    }

    static NotFoundException notFound(String id) {
        return new NotFoundException("job '" + id + "' does not exist");
    }

    /** {@code n} comma-separated JDBC placeholders. */
    static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
