package io.deltacat.server.internal.catalog;

import static io.deltacat.server.internal.store.Sql.count;
import static io.deltacat.server.internal.store.Sql.nextId;
import static io.deltacat.server.internal.store.Sql.nextIds;
import static io.deltacat.server.internal.store.Sql.update;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.ConflictException;
import io.deltacat.server.internal.catalog.Model.PlannedFile;
import io.deltacat.server.internal.catalog.Rows.TableRow;
import io.deltacat.server.internal.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
                                  Map<Integer, Schema> fileSchemas) {
    }

    /** One file a compaction wrote: its URI, size and statistics. */
    public record CompactedFile(String uri, long rowCount, long sizeBytes, ObjectNode columns) {
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
            List<PlannedFile> files = new ArrayList<>();
            long through = 0;
            try (PreparedStatement ps = store.liveFiles(c, "f.uri, f.format, f.row_count, f.size_bytes, d.delta_type,"
                    + " f.stream_position, f.schema_version", t.id(), Long.MAX_VALUE)) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int version = Math.max(1, rs.getInt(7));
                        files.add(new PlannedFile(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                                rs.getString(5), rs.getLong(6), null, null, version));
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
            return new CompactionInput(t.id(), namespace, table, t.schema(), t.format(), prefix, files, through,
                    fileSchemas);
        });
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
            update(c, "INSERT INTO data_files (id, delta_id, table_id, uri, format, row_count, size_bytes,"
                    + " stream_position, stats, schema_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    + " (SELECT schema_version FROM tables WHERE id = ?))", fileId++, deltaId, in.tableId(),
                    f.uri(), in.format(), f.rowCount(), f.sizeBytes(), ++position,
                    f.columns() == null ? null : f.columns().toString(), in.tableId());
        }
        return commitTime;
    }

    /** {@link #commitCompaction(Connection, CompactionInput, List)} in a transaction of its own. */
    public long commitCompaction(CompactionInput in, List<CompactedFile> files) throws SQLException {
        return db.tx(c -> commitCompaction(c, in, files));
    }
}
