package io.deltacat.server.internal.pipelines;

import static io.deltacat.server.internal.store.Sql.bind;
import static io.deltacat.server.internal.store.Sql.count;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.server.internal.catalog.Model;
import io.deltacat.server.internal.pipelines.PipelineModel.TableRef;
import io.deltacat.server.internal.store.StoredJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a source table has committed, as a node's watermark sees it: the newest commit time, how many
 * deltas lie past a watermark, and the files of a window of commit times. Compacted deltas are never
 * new data.
 */
final class SourceDeltas {
    private final StoredJson json;

    SourceDeltas(StoredJson json) {
        this.json = json;
    }

    static long latestCommit(Connection c, TableRef t) throws SQLException {
        return count(c, "SELECT COALESCE(MAX(d.commit_time), 0) FROM deltas d"
                + " JOIN tables t ON t.id = d.table_id JOIN namespaces n ON n.id = t.namespace_id WHERE n.name = ?"
                + " AND n.dropped_at IS NULL AND t.name = ? AND t.dropped_at IS NULL AND d.delta_type <> 'compacted'",
                t.namespace(), t.table());
    }

    static long deltasAfter(Connection c, TableRef t, long watermark) throws SQLException {
        return count(c, "SELECT COUNT(*) FROM deltas d"
                + " JOIN tables t ON t.id = d.table_id JOIN namespaces n ON n.id = t.namespace_id WHERE n.name = ?"
                + " AND n.dropped_at IS NULL AND t.name = ? AND t.dropped_at IS NULL AND d.delta_type <> 'compacted'"
                + " AND d.commit_time > ?", t.namespace(), t.table(), watermark);
    }

    /** The files of the deltas committed to {@code t} in {@code (from, to]}, in stream order. */
    List<Model.PlannedFile> files(Connection c, TableRef t, long from, long to) throws SQLException {
        List<Model.PlannedFile> files = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT f.uri, f.format, f.row_count, f.size_bytes,"
                + " d.delta_type, f.stream_position, f.stats, f.partition_values, f.schema_version"
                + " FROM data_files f JOIN deltas d ON f.delta_id = d.id"
                + " JOIN tables t ON t.id = f.table_id JOIN namespaces n ON n.id = t.namespace_id"
                + " WHERE n.name = ? AND n.dropped_at IS NULL AND t.name = ? AND t.dropped_at IS NULL"
                + " AND d.commit_time > ? AND d.commit_time <= ? AND d.delta_type <> 'compacted'"
                + " ORDER BY f.stream_position")) {
            bind(ps, t.namespace(), t.table(), from, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String stats = rs.getString(7);
                    String partition = rs.getString(8);
                    files.add(new Model.PlannedFile(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                            rs.getString(5), rs.getLong(6), stats == null ? null : (ObjectNode) json.tree(stats),
                            partition == null ? null : json.tree(partition), Math.max(1, rs.getInt(9))));
                }
            }
        }
        return files;
    }
}
