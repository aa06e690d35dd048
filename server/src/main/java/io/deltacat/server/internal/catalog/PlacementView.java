package io.deltacat.server.internal.catalog;

import io.deltacat.server.internal.storage.Roots;
import io.deltacat.server.internal.store.Sql;
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
 * What placement and replication ({@code internal.placement}) read of the catalog: a table's home
 * root, the files a read of its latest state needs (a backfill's input) and the files of the deltas
 * committed after a watermark, in commit order. Reads only; the caller's transaction.
 */
public final class PlacementView {
    private final CatalogStore store;

    PlacementView(CatalogStore store) {
        this.store = store;
    }

    /** A live table as placement sees it. */
    public record PlacedTable(long id, String namespace, String name, String format, Map<String, String> properties) {
    }

    /** A home data file: its URI and size as the commit verified it. */
    public record HomeFile(String uri, long sizeBytes) {
    }

    /** The files of one delta, in stream order (files retention already removed left out). */
    public record DeltaFiles(long commitTime, List<HomeFile> files) {
    }

    public Roots roots() {
        return store.roots();
    }

    /** Now, by the catalog's (injectable) clock. */
    public long nowNs() {
        return store.nowNs();
    }

    /** The next catalog time: later than every commit so far, earlier than every commit after. */
    public long nextTime(Connection c) throws SQLException {
        return store.nextTime(c);
    }

    /** @throws io.deltacat.api.error.NotFoundException when the namespace or table does not exist */
    public PlacedTable requireTable(Connection c, String namespace, String table) throws SQLException {
        Names.check("namespace", namespace);
        Names.check("table", table);
        Rows.TableRow t = store.requireTable(c, store.requireNamespace(c, namespace), table);
        return new PlacedTable(t.id(), t.namespace(), t.name(), t.format(), t.properties());
    }

    /** The table of this id while it is live (not dropped). */
    public Optional<PlacedTable> liveTable(Connection c, long tableId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT n.name, t.name FROM tables t JOIN namespaces n"
                + " ON t.namespace_id = n.id WHERE t.id = ? AND t.dropped_at IS NULL")) {
            ps.setLong(1, tableId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(requireTable(c, rs.getString(1), rs.getString(2)));
            }
        }
    }

    /** The home root of a table (its property {@code root}, else the default root). */
    public Roots.Root homeRoot(PlacedTable t) {
        return store.roots().forTable(t.properties());
    }

    /** The newest commit time of the table (0 when it has none). */
    public long latestCommit(Connection c, long tableId) throws SQLException {
        return Sql.count(c, "SELECT COALESCE(MAX(commit_time), 0) FROM deltas WHERE table_id = ?", tableId);
    }

    /** The files a read of the table's latest state needs, each URI once. */
    public List<HomeFile> liveFiles(Connection c, long tableId) throws SQLException {
        Map<String, HomeFile> out = new LinkedHashMap<>();
        try (PreparedStatement ps = store.liveFiles(c, "f.uri, f.size_bytes, f.removed_at", tableId, Long.MAX_VALUE);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rs.getLong(3);
                if (rs.wasNull()) {
                    out.putIfAbsent(rs.getString(1), new HomeFile(rs.getString(1), rs.getLong(2)));
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    /** Up to {@code maxDeltas} deltas committed after {@code after}, oldest first, with their files. */
    public List<DeltaFiles> deltasAfter(Connection c, long tableId, long after, int maxDeltas) throws SQLException {
        List<Long> times = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT commit_time FROM deltas WHERE table_id = ?"
                + " AND commit_time > ? ORDER BY commit_time LIMIT ?")) {
            ps.setLong(1, tableId);
            ps.setLong(2, after);
            ps.setInt(3, maxDeltas);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    times.add(rs.getLong(1));
                }
            }
        }
        List<DeltaFiles> out = new ArrayList<>();
        for (long time : times) {
            List<HomeFile> files = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT f.uri, f.size_bytes FROM data_files f JOIN deltas d"
                    + " ON f.delta_id = d.id WHERE d.table_id = ? AND d.commit_time = ? AND f.removed_at IS NULL"
                    + " ORDER BY f.stream_position")) {
                ps.setLong(1, tableId);
                ps.setLong(2, time);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        files.add(new HomeFile(rs.getString(1), rs.getLong(2)));
                    }
                }
            }
            out.add(new DeltaFiles(time, files));
        }
        return out;
    }
}
