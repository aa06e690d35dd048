package io.deltacat.server.internal.catalog;

import static io.deltacat.server.internal.store.Sql.update;

import io.deltacat.api.error.AlreadyExistsException;
import io.deltacat.api.error.ConflictException;
import io.deltacat.server.internal.catalog.Rows.NsRow;
import io.deltacat.server.internal.catalog.Rows.TableRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A table's rename within its namespace: one metadata change in the caller's database transaction.
 *
 * <p>Everything the catalog keys by table id (deltas, data files, history, placements, replicas,
 * compaction commits) follows the table as it is. Data files keep their URIs: each file row holds its
 * full URI, so reads, time travel and compaction never derive a file's path from the table's name;
 * only new staging prefixes do, so writes after the rename land under the new name's folder (read
 * access to the older files is vended per file, see {@code DataAccess#forRead}). What names a table
 * by its name is handled here: open write sessions follow it (their commit resolves the table by
 * name), while pipeline nodes and open transactions that name it refuse the rename, since either
 * would silently start to mean another table.
 */
final class TableRename {
    private TableRename() {
    }

    /** Renames {@code table} of {@code ns} to {@code newName} in transaction {@code c}; names already checked. */
    static TableRow rename(CatalogStore store, Connection c, NsRow ns, String table, String newName)
            throws SQLException {
        String namespace = ns.ns().name();
        TableRow t = store.requireTable(c, ns, table);
        if (store.findTable(c, ns, newName).isPresent()) {
            throw new AlreadyExistsException("table '" + namespace + "." + newName + "' already exists; a table is"
                    + " renamed only to a name no live table has");
        }
        List<String> nodes = strings(c, "SELECT DISTINCT n.id, n.display_name FROM pipeline_node_tables r JOIN"
                + " pipeline_nodes n ON n.id = r.node_id WHERE r.namespace = ? AND r.table_name = ? ORDER BY n.id",
                namespace, table);
        if (!nodes.isEmpty()) {
            throw new ConflictException("table '" + namespace + "." + table + "' is a source or sink of pipeline"
                    + " node(s) " + String.join(", ", nodes) + ", which name it; delete or change them before"
                    + " renaming it");
        }
        List<String> transactions = strings(c, "SELECT DISTINCT o.transaction_id, CAST(NULL AS TEXT) FROM transaction_ops o JOIN"
                + " transactions x ON x.id = o.transaction_id WHERE x.state = 'open' AND o.namespace = ?"
                + " AND o.table_name = ? ORDER BY o.transaction_id", namespace, table);
        if (!transactions.isEmpty()) {
            throw new ConflictException("table '" + namespace + "." + table + "' has operations in open"
                    + " transaction(s) " + String.join(", ", transactions) + "; commit or abort them before"
                    + " renaming it");
        }
        update(c, "UPDATE tables SET name = ? WHERE id = ?", newName, t.id());
        // a session opened before the rename commits to the renamed table: its staging prefix (stored
        // with it) keeps the old folder, which is fine because files are addressed by their full URI
        update(c, "UPDATE writes SET table_name = ? WHERE namespace = ? AND table_name = ? AND state = 'open'",
                newName, namespace, table);
        return store.requireTable(c, ns, newName);
    }

    /** Rows of two string columns as "first" or "first (second)". */
    private static List<String> strings(Connection c, String sql, String namespace, String table)
            throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, namespace);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String second = rs.getString(2);
                    out.add(second == null ? rs.getString(1) : rs.getString(1) + " (" + second + ")");
                }
            }
        }
        return out;
    }
}
