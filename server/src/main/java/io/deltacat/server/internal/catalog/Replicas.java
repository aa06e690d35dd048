package io.deltacat.server.internal.catalog;

import io.deltacat.api.error.NotFoundException;
import io.deltacat.server.internal.catalog.Model.PlannedFile;
import io.deltacat.server.internal.storage.Roots;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads with a preferred root (placement): each planned file is read from its verified copy at that
 * root when there is one, else from home, file by file, so a plan is complete whatever replication
 * has done so far. A copy counts only once its placement is active: after {@code unplace} new plans
 * go home, while plans made before keep their copies until the retention window deletes them.
 */
final class Replicas {
    private Replicas() {
    }

    /**
     * The plan's files with each URI replaced by its copy at {@code root} where a verified copy exists.
     *
     * @throws NotFoundException when the server has no data root of that name
     */
    static List<PlannedFile> preferRoot(Connection c, Roots roots, long tableId, String root, List<PlannedFile> files)
            throws SQLException {
        if (roots.all().stream().noneMatch(r -> r.name().equals(root))) {
            throw new NotFoundException("data root '" + root + "' does not exist; this server has "
                    + roots.all().stream().map(Roots.Root::name).toList());
        }
        Map<String, String> copies = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT r.home_uri, r.replica_uri FROM replicas r"
                + " JOIN placements p ON p.table_id = r.table_id AND p.root = r.root"
                + " WHERE r.table_id = ? AND r.root = ? AND p.state = 'active'")) {
            ps.setLong(1, tableId);
            ps.setString(2, root);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    copies.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        if (copies.isEmpty()) {
            return files;
        }
        List<PlannedFile> out = new ArrayList<>(files.size());
        for (PlannedFile f : files) {
            String copy = copies.get(f.uri());
            out.add(copy == null ? f : new PlannedFile(copy, f.format(), f.rowCount(), f.sizeBytes(), f.deltaType(),
                    f.streamPosition(), f.columns(), f.partitionValues(), f.schemaVersion()));
        }
        return out;
    }
}
