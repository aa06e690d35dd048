package io.deltacat.server.internal.jobs;

import static io.deltacat.server.internal.store.Sql.count;
import static io.deltacat.server.internal.store.Sql.nullableLong;
import static io.deltacat.server.internal.store.Sql.update;

import io.deltacat.api.error.NotFoundException;
import io.deltacat.server.internal.jobs.JobModel.JobRow;
import io.deltacat.server.internal.store.StoredJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rows of the job tables: reading a job, appending to its event log, and the stored JSON of their
 * columns, so that the queue and the lease protocol map rows one way.
 */
final class JobRows {
    static final String COLUMNS = "id, seq, job_type, dispatch, state, context, worker_tags, attempt,"
            + " max_attempts, lease_ms, fencing_token, lease_deadline, worker_id, created_at, available_at,"
            + " started_at, finished_at, records_processed, watermark, error, updated_at";

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

    /** The job of the current row of a {@code SELECT COLUMNS} query. */
    JobRow row(ResultSet rs) throws SQLException {
        List<String> tags = new ArrayList<>();
        json.tree(rs.getString(7)).forEach(n -> tags.add(n.asText()));
        return new JobRow(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                json.stringMap(rs.getString(6)), tags, rs.getInt(8), rs.getInt(9), rs.getLong(10), rs.getLong(11),
                nullableLong(rs, 12), rs.getString(13), rs.getLong(14), rs.getLong(15), nullableLong(rs, 16),
                nullableLong(rs, 17), rs.getLong(18), rs.getString(19), rs.getString(20), rs.getLong(21));
    }

    /** Appends an event with metadata of strings to a job's log (the queue's own events). */
    void event(Connection c, String id, String name, long at, Long completed, Long expected,
               Map<String, String> metadata, long token) throws SQLException {
        event(c, id, name, at, completed, expected, json.object(metadata), token);
    }

    /** Appends an event to a job's log; {@code metadata} is the JSON text of an object. */
    void event(Connection c, String id, String name, long at, Long completed, Long expected,
               String metadata, long token) throws SQLException {
        long seq = count(c, "SELECT COALESCE(MAX(seq), 0) + 1 FROM job_events WHERE job_id = ?", id);
        update(c, "INSERT INTO job_events (job_id, seq, name, at, completed, expected, metadata, fencing_token)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, seq, name, at, completed, expected, metadata, token);
    }

    static NotFoundException notFound(String id) {
        return new NotFoundException("job '" + id + "' does not exist");
    }

    /** {@code n} comma-separated JDBC placeholders. */
    static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
