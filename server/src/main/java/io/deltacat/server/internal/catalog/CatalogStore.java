package io.deltacat.server.internal.catalog;

import static io.deltacat.server.internal.store.Sql.count;
import static io.deltacat.server.internal.store.Sql.nextId;
import static io.deltacat.server.internal.store.Sql.update;

import io.deltacat.api.error.NotFoundException;
import io.deltacat.io.spi.Storage;
import io.deltacat.server.internal.catalog.Model.Namespace;
import io.deltacat.server.internal.catalog.Model.Table;
import io.deltacat.server.internal.catalog.Rows.NsRow;
import io.deltacat.server.internal.catalog.Rows.TableRow;
import io.deltacat.server.internal.catalog.Rows.WriteRow;
import io.deltacat.server.internal.store.Database;
import io.deltacat.server.internal.store.StoredJson;
import io.deltacat.server.internal.storage.Roots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every catalog service shares: the metadata database, the data root and its storage, the
 * clock, and the reads and inserts of namespace, table, write and commit rows that more than one
 * of them needs. It decides nothing; the services around it hold the rules.
 */
final class CatalogStore {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogStore.class);
    private static final String TABLE_COLUMNS =
            "SELECT id, name, schema_json, format, properties, created_at, partition_spec, sort_spec, schema_version,"
            + " last_field_id FROM tables";

    private final Database db;
    private final Roots roots;
    private final Clock clock;

    CatalogStore(Database db, Roots roots, Clock clock) {
        this.db = db;
        this.roots = roots;
        this.clock = clock;
    }

    Database db() {
        return db;
    }

    /** The data roots and their storages. */
    Roots roots() {
        return roots;
    }

    /** The storage of a data file or folder (its root's). */
    Storage storage(String uri) {
        return roots.storage(uri);
    }

    /**
     * The folder of a table's data files, ending in '/' (staged writes and compactions live under
     * it), in the root its properties name.
     */
    String tableData(Map<String, String> tableProperties, String namespace, String table) {
        return roots.tableData(tableProperties, namespace, table);
    }

    /** Now, in nanoseconds since the epoch, from the injected clock. */
    long nowNs() {
        Instant i = clock.instant();
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    }

    /** The next catalog timestamp: max(now, last + 1), strictly increasing across the server. */
    long nextTime(Connection c) throws SQLException {
        // one statement: on PostgreSQL the row lock orders every replica's commits
        try (PreparedStatement ps = c.prepareStatement("UPDATE clock SET last_ns = " + db.dialect().greatest()
                + "(last_ns + 1, ?) WHERE id = 1 RETURNING last_ns")) {
            ps.setLong(1, nowNs());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Deletes a write's staged files; a failure is logged (maintenance finds them again). */
    void deleteStaging(String uri) {
        try {
            storage(uri).deletePrefix(uri);
        } catch (IOException | UncheckedIOException | io.deltacat.api.error.DeltacatException e) {
            LOG.warn("could not delete staged files under {}", uri, e);
        }
    }

    // ---------------------------------------------------------------- namespaces and tables

    Optional<NsRow> findNamespace(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, properties, created_at FROM namespaces"
                + " WHERE name = ? AND dropped_at IS NULL")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(nsRow(rs)) : Optional.empty();
            }
        }
    }

    NsRow requireNamespace(Connection c, String name) throws SQLException {
        return findNamespace(c, name).orElseThrow(() -> namespaceNotFound(name));
    }

    static NotFoundException namespaceNotFound(String name) {
        return new NotFoundException("namespace '" + name + "' does not exist");
    }

    static NsRow nsRow(ResultSet rs) throws SQLException {
        return new NsRow(rs.getLong(1), new Namespace(rs.getString(2), StoredJson.readMap(rs.getString(3)),
                rs.getLong(4)));
    }

    Optional<TableRow> findTable(Connection c, NsRow ns, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TABLE_COLUMNS
                + " WHERE namespace_id = ? AND name = ? AND dropped_at IS NULL")) {
            ps.setLong(1, ns.id());
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(tableRow(rs, ns.ns().name())) : Optional.empty();
            }
        }
    }

    TableRow requireTable(Connection c, NsRow ns, String name) throws SQLException {
        return findTable(c, ns, name).orElseThrow(() ->
                new NotFoundException("table '" + ns.ns().name() + "." + name + "' does not exist"));
    }

    /** The live tables of a namespace, by name. */
    List<TableRow> liveTables(Connection c, NsRow ns) throws SQLException {
        List<TableRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(TABLE_COLUMNS
                + " WHERE namespace_id = ? AND dropped_at IS NULL ORDER BY name")) {
            ps.setLong(1, ns.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(tableRow(rs, ns.ns().name()));
                }
            }
        }
        return rows;
    }

    private static TableRow tableRow(ResultSet rs, String namespace) throws SQLException {
        Layout layout = new Layout(Layout.partitionKeys(StoredJson.readTreeOrNull(rs.getString(7)), "partition_spec"),
                Layout.sortKeys(StoredJson.readTreeOrNull(rs.getString(8)), "sort_spec"));
        return new TableRow(rs.getLong(1), namespace, rs.getString(2), StoredJson.readSchema(rs.getString(3)),
                rs.getString(4), StoredJson.readMap(rs.getString(5)), rs.getLong(6), layout,
                Math.max(1, rs.getInt(9)), rs.getInt(10));
    }

    NsRow insertNamespace(Connection c, String name, Map<String, String> properties) throws SQLException {
        return insertNamespace(c, name, properties, nextTime(c));
    }

    NsRow insertNamespace(Connection c, String name, Map<String, String> properties, long now) throws SQLException {
        long id = nextId(c, "namespaces");
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO namespaces (id, name, properties, created_at) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, name);
            ps.setString(3, StoredJson.writeMap(properties));
            ps.setLong(4, now);
            ps.executeUpdate();
        }
        return new NsRow(id, new Namespace(name, properties, now));
    }

    TableRow insertTable(Connection c, NsRow ns, String name, Schema requested, String format,
                         Map<String, String> properties, long now, Layout layout) throws SQLException {
        long id = nextId(c, "tables");
        SchemaEvolution.Evolved e = SchemaEvolution.assignIds(requested, layout);
        Schema schema = e.schema();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO tables (id, namespace_id, name, schema_json, format,"
                + " properties, created_at, partition_spec, sort_spec, schema_version, last_field_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)")) {
            ps.setLong(1, id);
            ps.setLong(2, ns.id());
            ps.setString(3, name);
            ps.setString(4, schema.toJson());
            ps.setString(5, format);
            ps.setString(6, StoredJson.writeMap(properties));
            ps.setLong(7, now);
            ps.setString(8, Layout.partitionJson(layout.partitionKeys()).toString());
            ps.setString(9, Layout.sortJson(layout.sortKeys()).toString());
            ps.setInt(10, e.lastFieldId());
            ps.executeUpdate();
        }
        update(c, "INSERT INTO schema_versions (table_id, version, schema_json, created_at) VALUES (?, 1, ?, ?)",
                id, schema.toJson(), now);
        return new TableRow(id, ns.ns().name(), name, schema, format, properties, now, layout, 1, e.lastFieldId());
    }

    /** The table's schema of {@code version}, cached in {@code cache}. */
    Schema schemaVersion(Connection c, long tableId, int version, Map<Integer, Schema> cache) throws SQLException {
        Schema cached = cache.get(version);
        if (cached != null) {
            return cached;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT schema_json FROM schema_versions WHERE table_id = ? AND version = ?")) {
            ps.setLong(1, tableId);
            ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("schema version " + version + " of table " + tableId + " is missing");
                }
                Schema s = StoredJson.readSchema(rs.getString(1));
                cache.put(version, s);
                return s;
            }
        }
    }

    // ---------------------------------------------------------------- files

    /**
     * The live files of a table as of {@code asOf}, in read (reconciliation) order: when a superseding
     * delta ({@code compacted} or {@code replace}) is the newest such at {@code asOf}, its files first,
     * then the files of later-positioned other deltas (those committed while a compaction ran, or
     * after the replace); otherwise every delta's files in stream order. The caller executes and
     * closes the statement.
     */
    PreparedStatement liveFiles(Connection c, String columns, long tableId, long asOf) throws SQLException {
        long compactedDelta = -1;
        long through = -1;
        try (PreparedStatement ps = c.prepareStatement("SELECT id, compacted_through FROM deltas WHERE table_id = ?"
                + " AND delta_type IN ('compacted', 'replace') AND commit_time <= ? ORDER BY commit_time DESC LIMIT 1")) {
            ps.setLong(1, tableId);
            ps.setLong(2, asOf);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    compactedDelta = rs.getLong(1);
                    through = rs.getLong(2);
                }
            }
        }
        PreparedStatement ps = c.prepareStatement("SELECT " + columns + " FROM data_files f JOIN deltas d"
                + " ON f.delta_id = d.id WHERE f.table_id = ? AND d.commit_time <= ? AND (d.id = ?"
                + " OR (d.delta_type NOT IN ('compacted', 'replace') AND f.stream_position > ?))"
                + " ORDER BY CASE WHEN d.id = ? THEN 0 ELSE 1 END, f.stream_position");
        ps.setLong(1, tableId);
        ps.setLong(2, asOf);
        ps.setLong(3, compactedDelta);
        ps.setLong(4, through);
        ps.setLong(5, compactedDelta);
        return ps;
    }

    /** A table with its size: rows and files of its live files, and its latest commit time. */
    Table withStats(Connection c, TableRow t) throws SQLException {
        try (PreparedStatement ps = liveFiles(c, "f.row_count", t.id(), Long.MAX_VALUE)) {
            try (ResultSet rs = ps.executeQuery()) {
                long rows = 0;
                long files = 0;
                while (rs.next()) {
                    rows += rs.getLong(1);
                    files++;
                }
                long latest = count(c, "SELECT COALESCE(MAX(commit_time), 0) FROM deltas WHERE table_id = ?", t.id());
                return t.toTable(latest == 0 ? null : latest, rows, files);
            }
        }
    }

    // ---------------------------------------------------------------- writes and commits

    Optional<WriteRow> findWrite(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, namespace, table_name, mode, format, schema_json,"
                + " table_properties, auto_create_namespace, staging_uri, state, created_at, expires_at,"
                + " client_commit_id, commit_time, commit_result, transaction_id, partition_spec, sort_spec FROM writes"
                + " WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long ct = rs.getLong(14);
                Long commitTime = rs.wasNull() ? null : ct;
                return Optional.of(new WriteRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8) != 0, rs.getString(9),
                        rs.getString(10), rs.getLong(11), rs.getLong(12), rs.getString(13), commitTime,
                        rs.getString(15), rs.getString(16), rs.getString(17), rs.getString(18)));
            }
        }
    }

    WriteRow requireWrite(Connection c, String id) throws SQLException {
        return findWrite(c, id).orElseThrow(() -> new NotFoundException("write '" + id + "' does not exist"));
    }

    /** Inserts the commit row of {@code commitTime}; returns its id. */
    long insertCommit(Connection c, long commitTime, String writeId, String clientCommitId) throws SQLException {
        long commitRef = nextId(c, "commits");
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO commits (id, commit_time, write_id, client_commit_id) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, commitRef);
            ps.setLong(2, commitTime);
            ps.setString(3, writeId);
            ps.setString(4, clientCommitId);
            ps.executeUpdate();
        }
        return commitRef;
    }
}
