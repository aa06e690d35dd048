package io.deltacat.server.internal.catalog;

import io.deltacat.server.internal.storage.Roots;
import io.deltacat.server.internal.store.Database;
import io.deltacat.server.internal.store.Sql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention of data files no snapshot within the window (now minus the retention period: the
 * horizon) needs. A file is superseded once a {@code compacted} or {@code replace} delta covers its
 * stream position ({@code compacted_through >= stream_position}); snapshots before that delta's
 * commit still need it, so it goes once that commit is older than the horizon. The files of a table
 * dropped before the horizon go too. A file is marked {@code removed_at} first (a plan that would
 * need it fails from then on, clearly) and then deleted from storage, unless another row not yet
 * removed names the same file (a compaction that kept it).
 */
final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final Database db;
    private final Roots roots;
    private final long horizon;

    Retention(Database db, Roots roots, long horizon) {
        this.db = db;
        this.roots = roots;
        this.horizon = horizon;
    }

    /** Removes every superseded file due; {@code now} stamps {@code removed_at}. Returns the number removed. */
    int collectSuperseded(long now) throws SQLException {
        return remove("SELECT f.id, f.uri FROM data_files f WHERE f.removed_at IS NULL"
                + " AND EXISTS (SELECT 1 FROM deltas s WHERE s.table_id = f.table_id"
                + " AND s.delta_type IN ('compacted', 'replace') AND s.compacted_through >= f.stream_position"
                + " AND s.commit_time < ?)", now, "superseded data file(s) older than the retention window");
    }

    /** Removes the files of tables dropped before the horizon. Returns the number removed. */
    int collectDropped(long now) throws SQLException {
        return remove("SELECT f.id, f.uri FROM data_files f JOIN tables t ON f.table_id = t.id"
                + " WHERE f.removed_at IS NULL AND t.dropped_at IS NOT NULL AND t.dropped_at < ?", now,
                "data file(s) of tables dropped before the retention window");
    }

    /** Marks and deletes the files {@code dueQuery} (id, uri; one parameter: the horizon) selects. */
    private int remove(String dueQuery, long now, String what) throws SQLException {
        List<Object[]> due = db.tx(c -> {
            List<Object[]> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(dueQuery.replace("SELECT f.id, f.uri",
                    "SELECT f.id, f.uri, f.table_id"))) {
                ps.setLong(1, horizon);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getLong(3)});
                    }
                }
            }
            return out;
        });
        int removed = 0;
        for (Object[] f : due) {
            if (db.tx(c -> Sql.update(c, "UPDATE data_files SET removed_at = ? WHERE id = ?"
                    + " AND removed_at IS NULL", now, f[0])) != 1) {
                continue; // another replica took it
            }
            // a compaction that kept a file lists it again in its own delta: the file goes with the
            // last row naming it (each remover marks first, then looks, so one of them sees none left)
            if (db.tx(c -> Sql.count(c, "SELECT COUNT(*) FROM data_files WHERE table_id = ? AND uri = ?"
                    + " AND removed_at IS NULL", f[2], f[1])) > 0) {
                continue;
            }
            try {
                // a plain file, or a directory for directory-shaped formats (Lance)
                roots.storage((String) f[1]).deletePrefix((String) f[1]);
                removed++;
                removeReplicas((Long) f[2], (String) f[1]);
            } catch (IOException | UncheckedIOException | io.deltacat.api.error.DeltacatException e) {
                LOG.warn("could not delete data file {}", f[1], e);
            }
        }
        if (removed > 0) {
            LOG.info("removed {} {}", removed, what);
        }
        return removed;
    }

    /**
     * Deletes the copies of a removed home file at the roots the table is placed on (placement): the
     * row first, so no plan names the copy once its deletion may have begun.
     */
    private void removeReplicas(long tableId, String homeUri) throws SQLException {
        List<String> copies = db.tx(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT replica_uri FROM replicas WHERE table_id = ?"
                    + " AND home_uri = ?")) {
                ps.setLong(1, tableId);
                ps.setString(2, homeUri);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            Sql.update(c, "DELETE FROM replicas WHERE table_id = ? AND home_uri = ?", tableId, homeUri);
            return out;
        });
        for (String copy : copies) {
            if (copy.equals(homeUri)) {
                continue;
            }
            try {
                roots.storage(copy).deletePrefix(copy);
            } catch (IOException | UncheckedIOException | io.deltacat.api.error.DeltacatException e) {
                // a copy nothing references any more: Leftovers finds it after its grace period
                LOG.warn("could not delete replica {} of removed file {}", copy, homeUri, e);
            }
        }
    }
}
