package io.deltacat.server.internal.catalog;

import static io.deltacat.server.internal.store.Sql.count;
import static io.deltacat.server.internal.store.Sql.nextId;
import static io.deltacat.server.internal.store.Sql.nextIds;
import static io.deltacat.server.internal.store.Sql.update;

import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.model.MergeKeys;
import io.deltacat.server.internal.catalog.Model.Commit;
import io.deltacat.server.internal.catalog.Model.CommitFile;
import io.deltacat.server.internal.catalog.Model.CommitResult;
import io.deltacat.server.internal.catalog.Rows.NsRow;
import io.deltacat.server.internal.catalog.Rows.TableRow;
import io.deltacat.server.internal.catalog.Rows.WriteRow;
import io.deltacat.server.internal.store.StoredJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Records a checked write as a delta of a commit: its table (and namespace) created when the write
 * creates it, fields added under {@code schema_evolution_mode=auto}, its files with their stream
 * positions and partition values, and the write marked committed. Shared by plain commits, pipeline
 * runs' completions and transactions' commits; the caller holds the database transaction.
 */
final class Deltas {
    private final CatalogStore store;

    Deltas(CatalogStore store) {
        this.store = store;
    }

    /**
     * A commit without files changes nothing unless it creates its table or replaces the table's
     * content (with nothing); anything else is refused rather than recorded as an empty delta.
     */
    static void checkNotEmpty(WriteRow w, Commit req, boolean createsTable, String deltaType) {
        if (req.files().isEmpty() && !createsTable && !deltaType.equals("replace")) {
            throw new InvalidRequestException("the commit of write '" + w.id() + "' names no file: a " + w.mode()
                    + " write to existing table '" + w.namespace() + "." + w.table() + "' must commit at least one;"
                    + " abort the write instead");
        }
    }

    /**
     * Applies one write as a delta of commit {@code commitRef} at {@code commitTime}, creating its
     * table (and namespace) when the write does, and marks the write committed if it is still in
     * {@code fromState} ('open' for a plain write, 'prepared' for one in a transaction).
     */
    CommitResult applyWrite(Connection c, WriteRow w, Schema dataSchema, Commit req, List<String> uris, long rows,
                            long commitTime, long commitRef, String fromState) throws SQLException {
        boolean tableCreated = false;
        List<Field> added = List.of();
        NsRow ns = store.findNamespace(c, w.namespace()).orElse(null);
        TableRow t = ns == null ? null : store.findTable(c, ns, w.table()).orElse(null);
        if (t == null) {
            if (WriteModes.needsTable(w.mode())) {
                throw new NotFoundException("table '" + w.namespace() + "." + w.table() + "' no longer exists");
            }
            if (ns == null) {
                if (!w.autoCreateNamespace()) {
                    throw CatalogStore.namespaceNotFound(w.namespace());
                }
                ns = store.insertNamespace(c, w.namespace(), Map.of(), commitTime);
            }
            tableCreated = true;
        } else {
            if (w.mode().equals("create")) {
                throw new ConflictException("table '" + w.namespace() + "." + w.table()
                        + "' was created by another write after this 'create' write began");
            }
            added = SchemaChecks.checkCommitData(w.namespace(), w.table(), w.mode(), t.schema(), dataSchema,
                    t.properties()).added();
        }
        if (tableCreated) {
            // a table created by a commit exists from that commit on
            t = store.insertTable(c, ns, w.table(), dataSchema, w.format(), StoredJson.readMap(w.tablePropertiesJson()),
                    commitTime, w.layout());
        } else if (!added.isEmpty()) {
            // schema_evolution_mode=auto: the new fields join the schema atomically with this commit
            t = TableAlteration.evolve(c, t, SchemaEvolution.addFields(t.schema(), t.lastFieldId(), t.layout(), added),
                    commitTime);
        }
        String deltaType = WriteModes.deltaType(w.mode(), !MergeKeys.of(t.schema()).isEmpty());
        checkNotEmpty(w, req, tableCreated, deltaType);
        List<String> partitionValues = new ArrayList<>();
        for (CommitFile f : req.files()) {
            partitionValues.add(Partitioning.toJson(Partitioning.checkValues(f.path(), t.layout().partitionKeys(),
                    t.schema(), f.partitionValues(), f.columns(), f.rowCount())).toString());
        }
        long position = count(c, "SELECT COALESCE(MAX(stream_position), 0) FROM data_files WHERE table_id = ?", t.id());
        long deltaId = nextId(c, "deltas");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO deltas (id, commit_ref, table_id, delta_type,"
                + " commit_time, compacted_through) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, deltaId);
            ps.setLong(2, commitRef);
            ps.setLong(3, t.id());
            ps.setString(4, deltaType);
            ps.setLong(5, commitTime);
            if (deltaType.equals("replace")) {
                // supersedes every file committed before it, like a compaction
                ps.setLong(6, position);
            } else {
                ps.setNull(6, Types.BIGINT);
            }
            ps.executeUpdate();
        }
        long fileId = nextIds(c, "data_files", Math.max(1, req.files().size()));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO data_files (id, delta_id, table_id, uri, format,"
                + " row_count, size_bytes, stream_position, stats, partition_values, schema_version)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < req.files().size(); i++) {
                CommitFile f = req.files().get(i);
                ps.setLong(1, fileId++);
                ps.setLong(2, deltaId);
                ps.setLong(3, t.id());
                ps.setString(4, uris.get(i));
                ps.setString(5, f.format());
                ps.setLong(6, f.rowCount());
                ps.setLong(7, f.sizeBytes());
                ps.setLong(8, ++position);
                if (f.columns() == null) {
                    ps.setNull(9, Types.VARCHAR);
                } else {
                    ps.setString(9, f.columns().toString());
                }
                if (t.layout().partitionKeys().isEmpty()) {
                    ps.setNull(10, Types.VARCHAR);
                } else {
                    ps.setString(10, partitionValues.get(i));
                }
                ps.setInt(11, t.schemaVersion());
                ps.executeUpdate();
            }
        }
        CommitResult result = new CommitResult(w.id(), req.commitId(), commitTime, w.namespace(), w.table(),
                deltaType, req.files().size(), rows, tableCreated);
        int changed = update(c, "UPDATE writes SET state = 'committed', client_commit_id = ?, commit_time = ?,"
                + " commit_result = ? WHERE id = ? AND state = ?", req.commitId(), commitTime, Rows.resultJson(result),
                w.id(), fromState);
        if (changed != 1) {
            // another server process committed, aborted or expired it meanwhile
            throw new ConflictException("write '" + w.id() + "' is no longer open");
        }
        return result;
    }
}
