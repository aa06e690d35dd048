package io.deltacat.server.internal.catalog;

import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.ForbiddenException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.server.internal.catalog.Rows.WriteRow;
import io.deltacat.server.internal.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What storage access may be renewed or signed for, checked against the catalog: the files a
 * renewal names must be files of the table (not yet removed) or lie under the staging prefix of a
 * write prepared for it in a transaction; uploads are signed only for writes still open.
 */
public final class StorageScopes {
    private final CatalogStore store;
    private final Database db;

    StorageScopes(CatalogStore store) {
        this.store = store;
        this.db = store.db();
    }

    /** A write's state, staging prefix and format. */
    public record AnyWrite(String state, String stagingUri, String format) {
    }

    /** An open write's staging prefix and format. */
    public record OpenWrite(String stagingUri, String format) {
    }

    public AnyWrite write(String writeId) throws SQLException {
        WriteRow w = db.tx(c -> store.requireWrite(c, writeId));
        return new AnyWrite(w.state(), w.stagingUri(), w.format());
    }

    /** @throws ConflictException when the write is no longer open */
    public OpenWrite openWrite(String writeId) throws SQLException {
        AnyWrite w = write(writeId);
        if (!w.state().equals("open")) {
            throw new ConflictException("write '" + writeId + "' is " + w.state() + "; its staging prefix takes no more"
                    + " files and gets no more access");
        }
        return new OpenWrite(w.stagingUri(), w.format());
    }

    /** Checks a file name for a staging prefix (as a commit manifest names it). */
    public void checkFileName(String path) {
        Names.checkFileName(path);
    }

    /**
     * Checks that every URI is a data file of table {@code namespace.table} not yet removed, or lies
     * under the staging prefix of a write of that table prepared in transaction {@code transactionId}.
     *
     * @return the table's format
     * @throws NotFoundException  when the table does not exist
     * @throws ForbiddenException naming the first URI that is no file of the table
     */
    public String checkTableFiles(String namespace, String table, List<String> uris, String transactionId)
            throws SQLException {
        Names.check("namespace", namespace);
        Names.check("table", table);
        return db.tx(c -> {
            Rows.TableRow t = store.requireTable(c, store.requireNamespace(c, namespace), table);
            Set<String> known = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT uri FROM data_files WHERE table_id = ? AND removed_at IS NULL")) {
                ps.setLong(1, t.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        known.add(rs.getString(1));
                    }
                }
            }
            // copies of the table's files at roots it is placed on, which plans with a root name
            try (PreparedStatement ps = c.prepareStatement("SELECT replica_uri FROM replicas WHERE table_id = ?")) {
                ps.setLong(1, t.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        known.add(rs.getString(1));
                    }
                }
            }
            Set<String> staged = new HashSet<>();
            if (transactionId != null) {
                try (PreparedStatement ps = c.prepareStatement("SELECT staging_uri FROM writes WHERE namespace = ?"
                        + " AND table_name = ? AND state = 'prepared' AND transaction_id = ?")) {
                    ps.setString(1, namespace);
                    ps.setString(2, table);
                    ps.setString(3, transactionId);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            staged.add(rs.getString(1));
                        }
                    }
                }
            }
            for (String uri : uris) {
                if (!known.contains(uri) && staged.stream().noneMatch(s -> uri.startsWith(s) && !uri.contains("/../"))) {
                    throw new ForbiddenException("'" + uri + "' is not a file of table '" + namespace + "." + table
                            + "'; access is vended only for a table's own files");
                }
            }
            return t.format();
        });
    }
}
