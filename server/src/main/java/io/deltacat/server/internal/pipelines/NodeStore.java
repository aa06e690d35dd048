package io.deltacat.server.internal.pipelines;

import static io.deltacat.server.internal.store.Sql.bind;
import static io.deltacat.server.internal.store.Sql.nullableLong;
import static io.deltacat.server.internal.store.Sql.update;

import io.deltacat.api.error.NotFoundException;
import io.deltacat.server.internal.jobs.JobModel.JobRow;
import io.deltacat.server.internal.jobs.JobQueue;
import io.deltacat.server.internal.pipelines.PipelineModel.Node;
import io.deltacat.server.internal.pipelines.PipelineModel.TableRef;
import io.deltacat.server.internal.pipelines.PipelineModel.Trigger;
import io.deltacat.server.internal.store.StoredJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rows of the node tables ({@code pipeline_nodes}, {@code pipeline_node_tables}, {@code pipeline_runs}):
 * a node's definition, watermarks and runs, read and written in the caller's transaction, so that the
 * services sharing them speak of nodes and not of columns.
 */
final class NodeStore {
    private static final String NODE_COLUMNS = "id, kind, node_type, run_mode, dispatch_mode, dispatch_config,"
            + " worker_tags, max_attempts, lease_ms, trigger_kind, interval_seconds, cron, timezone, next_fire_at,"
            + " paused, created_at, updated_at, display_name";

    private final JobQueue jobs;
    private final StoredJson json;

    NodeStore(JobQueue jobs, StoredJson json) {
        this.jobs = jobs;
        this.json = json;
    }

    /** Inserts a new node with its source and sink tables (watermarks at 0). */
    void insert(Connection c, Node node, Long nextFireAt, long now) throws SQLException {
        Trigger trigger = node.trigger();
        update(c, "INSERT INTO pipeline_nodes (" + NODE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, 0, ?, ?, ?)", node.id(), node.kind(), node.type(), node.mode(), node.dispatchMode(),
                json.sortedObject(node.dispatchConfig()), json.array(node.workerTags()), node.maxAttempts(),
                node.leaseMs(), trigger.kind(), trigger.intervalSeconds(), trigger.cron(), trigger.timezone(),
                nextFireAt, now, now, node.name());
        int i = 0;
        for (TableRef s : node.sources()) {
            update(c, "INSERT INTO pipeline_node_tables (node_id, role, position, namespace, table_name, watermark)"
                    + " VALUES (?, 'source', ?, ?, ?, 0)", node.id(), i++, s.namespace(), s.table());
        }
        i = 0;
        for (TableRef s : node.sinks()) {
            update(c, "INSERT INTO pipeline_node_tables (node_id, role, position, namespace, table_name, watermark)"
                    + " VALUES (?, 'sink', ?, ?, ?, 0)", node.id(), i++, s.namespace(), s.table());
        }
    }

    /** Deletes a node, its tables and its pipeline memberships. */
    void delete(Connection c, String id) throws SQLException {
        update(c, "DELETE FROM pipeline_node_tables WHERE node_id = ?", id);
        update(c, "DELETE FROM pipeline_members WHERE node_id = ?", id);
        update(c, "DELETE FROM pipeline_nodes WHERE id = ?", id);
    }

    void setPaused(Connection c, String id, boolean paused, Long nextFireAt, long now) throws SQLException {
        update(c, "UPDATE pipeline_nodes SET paused = ?, next_fire_at = ?, updated_at = ? WHERE id = ?",
                paused ? 1 : 0, nextFireAt, now, id);
    }

    void setNextFire(Connection c, String id, long nextFireAt) throws SQLException {
        update(c, "UPDATE pipeline_nodes SET next_fire_at = ? WHERE id = ?", nextFireAt, id);
    }

    void setWatermark(Connection c, String id, TableRef source, long position) throws SQLException {
        update(c, "UPDATE pipeline_node_tables SET watermark = ? WHERE node_id = ? AND role = 'source'"
                + " AND namespace = ? AND table_name = ?", position, id, source.namespace(), source.table());
    }

    void lock(Connection c, String id) throws SQLException {
        // the row lock orders every run creation of this node (PostgreSQL); SQLite serializes anyway
        update(c, "UPDATE pipeline_nodes SET updated_at = updated_at WHERE id = ?", id);
    }

    /** Unpaused, event-triggered nodes with {@code t} as a source, by id. */
    List<String> eventReaders(Connection c, TableRef t) throws SQLException {
        List<String> readers = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT n.id FROM pipeline_node_tables s JOIN"
                + " pipeline_nodes n ON n.id = s.node_id WHERE s.namespace = ? AND s.table_name = ? AND s.role = 'source'"
                + " AND n.trigger_kind = 'event' AND n.paused = 0 ORDER BY n.id")) {
            bind(ps, t.namespace(), t.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    readers.add(rs.getString(1));
                }
            }
        }
        return readers;
    }

    // ---------------------------------------------------------------- runs

    void insertRun(Connection c, String jobId, String nodeId, String reason, long now) throws SQLException {
        update(c, "INSERT INTO pipeline_runs (job_id, node_id, reason, created_at) VALUES (?, ?, ?, ?)", jobId,
                nodeId, reason, now);
    }

    Optional<JobRow> activeRun(Connection c, String nodeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT j.id FROM pipeline_runs r JOIN jobs j ON j.id = r.job_id"
                + " WHERE r.node_id = ? AND j.state IN ('pending', 'claimed', 'running') ORDER BY j.seq LIMIT 1")) {
            bind(ps, nodeId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(jobs.get(c, rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** The newest run of a node, or null. */
    JobRow lastRun(Connection c, String nodeId) throws SQLException {
        JobRow last = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT r.job_id FROM pipeline_runs r JOIN jobs j"
                + " ON j.id = r.job_id WHERE r.node_id = ? ORDER BY j.seq DESC LIMIT 1")) {
            bind(ps, nodeId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    last = jobs.get(c, rs.getString(1));
                }
            }
        }
        return last;
    }

    // ---------------------------------------------------------------- reads

    Optional<Node> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + NODE_COLUMNS + " FROM pipeline_nodes WHERE id = ?")) {
            bind(ps, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(node(c, rs));
            }
        }
    }

    Node require(Connection c, String id) throws SQLException {
        return find(c, id).orElseThrow(() -> new NotFoundException("node '" + id + "' does not exist"));
    }

    List<Node> all(Connection c) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM pipeline_nodes ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        List<Node> out = new ArrayList<>();
        for (String id : ids) {
            out.add(require(c, id));
        }
        return out;
    }

    private Node node(Connection c, ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        List<String> tags = new ArrayList<>();
        json.tree(rs.getString(7)).forEach(n -> tags.add(n.asText()));
        Long interval = nullableLong(rs, 11);
        Trigger trigger = new Trigger(rs.getString(10), interval, rs.getString(12), rs.getString(13));
        Long next = nullableLong(rs, 14);
        String kind = rs.getString(2);
        String type = rs.getString(3);
        String mode = rs.getString(4);
        String dispatch = rs.getString(5);
        Map<String, String> config = json.stringMap(rs.getString(6));
        int maxAttempts = rs.getInt(8);
        long leaseMs = rs.getLong(9);
        boolean paused = rs.getInt(15) == 1;
        long created = rs.getLong(16);
        long updated = rs.getLong(17);
        String name = rs.getString(18);
        List<TableRef> sources = new ArrayList<>();
        List<TableRef> sinks = new ArrayList<>();
        Map<TableRef, Long> watermarks = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT role, namespace, table_name, watermark FROM"
                + " pipeline_node_tables WHERE node_id = ? ORDER BY role, position")) {
            bind(ps, id);
            try (ResultSet t = ps.executeQuery()) {
                while (t.next()) {
                    TableRef ref = new TableRef(t.getString(2), t.getString(3));
                    if (t.getString(1).equals("source")) {
                        sources.add(ref);
                        watermarks.put(ref, t.getLong(4));
                    } else {
                        sinks.add(ref);
                    }
                }
            }
        }
        return new Node(id, name, kind, type, mode, dispatch, config, tags, maxAttempts, leaseMs, trigger, next, paused,
                created, updated, sources, sinks, watermarks);
    }
}
