package io.deltacat.server.internal.catalog;

import static io.deltacat.server.internal.store.Sql.count;
import static io.deltacat.server.internal.store.Sql.nextId;
import static io.deltacat.server.internal.store.Sql.nextIds;
import static io.deltacat.server.internal.store.Sql.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.model.MergeKeys;
import io.deltacat.server.internal.catalog.Model.PlannedFile;
import io.deltacat.server.internal.catalog.Rows.TableRow;
import io.deltacat.server.internal.store.Database;
import io.deltacat.server.internal.store.Sql;
import io.deltacat.server.internal.store.StoredJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The catalog's side of a compaction: what it reads (a table's live files) and the commit of what it
 * wrote, one {@code compacted} delta superseding exactly the positions it read. The rewriting itself
 * is {@link Compactor}'s.
 */
public final class Compactions {
    private final CatalogStore store;
    private final Database db;

    Compactions(CatalogStore store) {
        this.store = store;
        this.db = store.db();
    }

    /**
     * What a compaction reads: the table's live files up to stream position {@code through}, and the
     * schema of each version they were written with ({@code fileSchemas}; the current one included).
     */
    public record CompactionInput(long tableId, String namespace, String table, Schema schema, String format,
                                  String dataPrefix, List<PlannedFile> files, long through,
                                  Map<Integer, Schema> fileSchemas, long keepBytes) {
    }

    /**
     * One file of a compaction's result: a file it wrote (of the table's current schema) or a live
     * file it kept as it was ({@code kept}, with its own schema version). {@code partitionValues} is
     * the stored JSON array of the file's partition values, null for an unpartitioned file.
     */
    public record CompactedFile(String uri, long rowCount, long sizeBytes, ObjectNode columns, JsonNode partitionValues,
                                int schemaVersion, boolean kept) {
        /** A file written unpartitioned, of the table's current schema. */
        public CompactedFile(String uri, long rowCount, long sizeBytes, ObjectNode columns) {
            this(uri, rowCount, sizeBytes, columns, null, 0, false);
        }
    }

    /** A compactor reading and writing through the data roots' storages. */
    public Compactor compactor() {
        return new Compactor(store.roots()::storage);
    }

    /** The live files of a table now, for compaction. */
    public CompactionInput compactionInput(String namespace, String table) throws SQLException {
        Names.check("namespace", namespace);
        Names.check("table", table);
        return db.tx(c -> {
            TableRow t = store.requireTable(c, store.requireNamespace(c, namespace), table);
            LayoutManifests.checkCompactable(t.properties(), namespace + "." + table);
            List<PlannedFile> files = new ArrayList<>();
            long through = 0;
            try (PreparedStatement ps = store.liveFiles(c, "f.uri, f.format, f.row_count, f.size_bytes, d.delta_type,"
                    + " f.stream_position, f.schema_version, f.stats, f.partition_values", t.id(), Long.MAX_VALUE)) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int version = Math.max(1, rs.getInt(7));
                        JsonNode stats = StoredJson.readTreeOrNull(rs.getString(8));
                        files.add(new PlannedFile(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                                rs.getString(5), rs.getLong(6), stats instanceof ObjectNode o ? o : null,
                                StoredJson.readTreeOrNull(rs.getString(9)), version));
                        through = Math.max(through, rs.getLong(6));
                    }
                }
            }
            // files of older versions are read by field id into the current schema (Compactor)
            Map<Integer, Schema> fileSchemas = new HashMap<>();
            fileSchemas.put(t.schemaVersion(), t.schema());
            for (PlannedFile f : files) {
                store.schemaVersion(c, t.id(), f.schemaVersion(), fileSchemas);
            }
            String prefix = store.tableData(t.properties(), namespace, table);
            long keep = Math.min(Compactor.TARGET_FILE_BYTES, CompactionPolicy.of(t.properties()).smallFileBytes());
            return new CompactionInput(t.id(), namespace, table, t.schema(), t.format(), prefix, files, through,
                    fileSchemas, keep);
        });
    }

    /**
     * Whether a table of {@code read_optimization_level = moderate} should be compacted now: the
     * threshold of its {@link CompactionPolicy} that the table, or one of its partitions, crosses
     * (a description naming the property and the partition), or null when none or when the table is
     * not {@code moderate} (or is gone). One aggregate over the files written since the table's last
     * compaction, so its cost follows the backlog, not the table's history.
     */
    public String crossedThreshold(String namespace, String table) throws SQLException {
        return db.tx(c -> {
            Optional<Rows.NsRow> ns = store.findNamespace(c, namespace);
            Optional<TableRow> found = ns.isEmpty() ? Optional.empty()
                    : store.findTable(c, ns.get(), table);
            if (found.isEmpty()) {
                return null;
            }
            TableRow t = found.get();
            CompactionPolicy policy = CompactionPolicy.of(t.properties());
            if (!policy.moderate()) {
                return null;
            }
            long base = -1;
            long through = -1;
            try (PreparedStatement ps = c.prepareStatement("SELECT id, compacted_through FROM deltas WHERE table_id = ?"
                    + " AND delta_type IN ('compacted', 'replace') ORDER BY commit_time DESC LIMIT 1")) {
                ps.setLong(1, t.id());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        base = rs.getLong(1);
                        through = rs.getLong(2);
                    }
                }
            }
            boolean merging = !MergeKeys.of(t.schema()).isEmpty();
            // every live file sits above the newest superseding delta's compacted_through (its own files
            // were placed above it), so one range of the (table_id, stream_position) index holds them
            try (PreparedStatement ps = c.prepareStatement("SELECT f.partition_values, COUNT(*),"
                    + " SUM(CASE WHEN f.size_bytes < ? THEN 1 ELSE 0 END), SUM(CASE WHEN d.id = ? THEN 0 ELSE 1 END),"
                    + " COUNT(DISTINCT CASE WHEN d.id <> ? THEN d.id END) FROM data_files f JOIN deltas d"
                    + " ON f.delta_id = d.id WHERE f.table_id = ? AND f.stream_position > ?"
                    + " AND (d.id = ? OR d.delta_type NOT IN ('compacted', 'replace')) GROUP BY f.partition_values")) {
                Sql.bind(ps, policy.smallFileBytes(), base, base, t.id(), through,
                        base);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String crossed = policy.crossed(rs.getLong(2), rs.getLong(4), rs.getLong(3),
                                merging ? rs.getLong(5) : 0);
                        if (crossed != null) {
                            String partition = rs.getString(1);
                            return partition == null ? crossed : crossed + " in partition " + partition;
                        }
                    }
                }
            }
            return null;
        });
    }

    /**
     * Locks the row of live table {@code namespace.table} until the end of the caller's transaction (on
     * PostgreSQL; SQLite serializes writers anyway), so that deciding to queue a compaction and queuing
     * it are one step across servers. False when there is no such table.
     */
    public boolean lockTable(Connection c, String namespace, String table) throws SQLException {
        return update(c, "UPDATE tables SET properties = properties WHERE name = ? AND dropped_at IS NULL"
                + " AND namespace_id = (SELECT id FROM namespaces WHERE name = ? AND dropped_at IS NULL)",
                table, namespace) == 1;
    }

    /**
     * Commits the files of a compaction as one delta of type {@code compacted} that supersedes every
     * file at or below {@code in.through()}, in the given connection's transaction (so a job can
     * end in the same one). Files committed after the compaction started keep their positions above
     * it and stay visible.
     *
     * @return the commit time
     * @throws ConflictException when the table was dropped, or another compaction covered this one
     */
    public long commitCompaction(Connection c, CompactionInput in, List<CompactedFile> files) throws SQLException {
        long commitTime = store.nextTime(c); // the clock row lock orders this with every other commit
        Long liveTable = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM tables WHERE id = ? AND dropped_at IS NULL")) {
            ps.setLong(1, in.tableId());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    liveTable = rs.getLong(1);
                }
            }
        }
        if (liveTable == null) {
            throw new ConflictException("table '" + in.namespace() + "." + in.table() + "' was dropped during compaction");
        }
        // a compaction or replace committed meanwhile already supersedes what this one read
        long covered = count(c, "SELECT COALESCE(MAX(compacted_through), -1) FROM deltas WHERE table_id = ?"
                + " AND delta_type IN ('compacted', 'replace')", in.tableId());
        if (covered >= in.through()) {
            throw new ConflictException("table '" + in.namespace() + "." + in.table()
                    + "' was compacted by another job (or replaced) meanwhile");
        }
        long commitRef = nextId(c, "commits");
        update(c, "INSERT INTO commits (id, commit_time, write_id, client_commit_id) VALUES (?, ?, ?, ?)",
                commitRef, commitTime, null, null);
        long deltaId = nextId(c, "deltas");
        update(c, "INSERT INTO deltas (id, commit_ref, table_id, delta_type, commit_time, compacted_through)"
                + " VALUES (?, ?, ?, 'compacted', ?, ?)", deltaId, commitRef, in.tableId(), commitTime, in.through());
        long position = count(c, "SELECT COALESCE(MAX(stream_position), 0) FROM data_files WHERE table_id = ?",
                in.tableId());
        long fileId = nextIds(c, "data_files", Math.max(1, files.size()));
        for (CompactedFile f : files) {
            // a kept file is listed again (same URI) with its own schema version; Retention deletes a
            // URI only once no live row lists it
            update(c, "INSERT INTO data_files (id, delta_id, table_id, uri, format, row_count, size_bytes,"
                    + " stream_position, stats, partition_values, schema_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    + " COALESCE(CAST(? AS INTEGER), (SELECT schema_version FROM tables WHERE id = ?)))", fileId++, deltaId,
                    in.tableId(), f.uri(), in.format(), f.rowCount(), f.sizeBytes(), ++position,
                    f.columns() == null ? null : f.columns().toString(),
                    f.partitionValues() == null || f.partitionValues().isNull() ? null : f.partitionValues().toString(),
                    f.kept() ? Integer.valueOf(f.schemaVersion()) : null, in.tableId());
        }
        return commitTime;
    }

    /** {@link #commitCompaction(Connection, CompactionInput, List)} in a transaction of its own. */
    public long commitCompaction(CompactionInput in, List<CompactedFile> files) throws SQLException {
        return db.tx(c -> commitCompaction(c, in, files));
    }
}
