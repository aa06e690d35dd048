package io.deltacat.server.internal.catalog;

import static io.deltacat.server.internal.store.Sql.count;
import static io.deltacat.server.internal.store.Sql.update;

import io.deltacat.api.error.AlreadyExistsException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.server.internal.catalog.Model.AlterTable;
import io.deltacat.server.internal.catalog.Model.CreateTable;
import io.deltacat.server.internal.catalog.Model.Table;
import io.deltacat.server.internal.catalog.Rows.NsRow;
import io.deltacat.server.internal.catalog.Rows.TableRow;
import io.deltacat.server.internal.catalog.TableAlteration.Altered;
import io.deltacat.server.internal.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Tables: create, list, get, drop and alter, each either now or, given a transaction id, as an
 * operation of that transaction (seen by its own reads at once, by everyone at its commit).
 * Rename and undrop act now only.
 */
public final class Tables {
    private final CatalogStore store;
    private final Database db;
    private final TransactionOps transactions;
    private final Duration retention;

    Tables(CatalogStore store, TransactionOps transactions, Duration retention) {
        this.retention = retention;
        this.store = store;
        this.db = store.db();
        this.transactions = transactions;
    }

    public Table createTable(String namespace, CreateTable req) throws SQLException {
        return createTable(namespace, req, null);
    }

    /** Creates a table now, or at the commit of transaction {@code transactionId} when it is not null. */
    public Table createTable(String namespace, CreateTable req, String transactionId) throws SQLException {
        Names.check("namespace", namespace);
        Names.check("table", req.name());
        Names.checkFormat(req.format());
        CommitVerifier.provider(req.format()); // a format this server cannot read could never be committed
        Schema schema = WriteModes.withMergeKeys(req.schema(), req.mergeKeys());
        WriteModes.checkProperties(req.properties());
        store.roots().checkTableProperties(req.properties());
        req.layout().check(req.schema());
        SchemaEvolution.checkProperties(req.properties());
        LayoutManifests.checkTable(schema, req.properties());
        if (transactionId != null) {
            return db.tx(c -> transactions.createTable(c, transactionId, namespace, req, schema));
        }
        return db.tx(c -> {
            NsRow ns = store.findNamespace(c, namespace).orElse(null);
            if (ns == null) {
                if (!req.autoCreateNamespace()) {
                    throw CatalogStore.namespaceNotFound(namespace);
                }
                ns = store.insertNamespace(c, namespace, Map.of());
            }
            if (store.findTable(c, ns, req.name()).isPresent()) {
                throw new AlreadyExistsException("table '" + namespace + "." + req.name() + "' already exists");
            }
            TableRow t = store.insertTable(c, ns, req.name(), schema, req.format(), req.properties(), store.nextTime(c),
                    req.layout());
            return t.toTable(null, 0, 0);
        });
    }

    public List<Table> listTables(String namespace) throws SQLException {
        return listTables(namespace, null);
    }

    /** The live tables of a namespace, as transaction {@code transactionId} sees them when it is not null. */
    public List<Table> listTables(String namespace, String transactionId) throws SQLException {
        Names.check("namespace", namespace);
        return db.tx(c -> {
            if (transactionId != null) {
                return listTablesInTransaction(c, namespace, transactions.view(c, transactionId));
            }
            NsRow ns = store.requireNamespace(c, namespace);
            List<Table> out = new ArrayList<>();
            for (TableRow t : store.liveTables(c, ns)) {
                out.add(store.withStats(c, t));
            }
            return out;
        });
    }

    private List<Table> listTablesInTransaction(Connection c, String namespace, TransactionView view)
            throws SQLException {
        Optional<NsRow> ns = store.findNamespace(c, namespace);
        List<String> created = transactions.createdTables(view, namespace);
        if (ns.isEmpty() && created.isEmpty()) {
            throw CatalogStore.namespaceNotFound(namespace);
        }
        Set<String> names = new TreeSet<>(created);
        if (ns.isPresent()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM tables WHERE namespace_id = ?"
                    + " AND dropped_at IS NULL")) {
                ps.setLong(1, ns.get().id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
            }
        }
        List<Table> out = new ArrayList<>();
        for (String name : names) {
            Optional<TransactionOps.Visible> v = transactions.visible(c, view, namespace, name);
            if (v.isPresent()) {
                out.add(visibleTable(c, namespace, name, v.get()));
            }
        }
        return out;
    }

    /** A table as a transaction sees it: the committed table's size (unless hidden) plus its prepared writes. */
    private Table visibleTable(Connection c, String namespace, String name, TransactionOps.Visible v)
            throws SQLException {
        long rows = v.change().rows();
        long files = v.change().files();
        Long latest = null;
        long createdAt = store.nowNs();
        if (v.committed() != null) {
            Table committed = store.withStats(c, v.committed());
            createdAt = committed.createdAt();
            latest = committed.latestCommitTime();
            if (!v.change().hidesCommitted()) {
                rows += committed.rowCount();
                files += committed.fileCount();
            }
        }
        return new Table(namespace, name, v.schema(), v.format(), v.properties(), createdAt, latest, rows, files,
                v.layout(), v.schemaVersion());
    }

    public Table getTable(String namespace, String table) throws SQLException {
        return getTable(namespace, table, null);
    }

    /** A table, as transaction {@code transactionId} sees it when that is not null. */
    public Table getTable(String namespace, String table, String transactionId) throws SQLException {
        Names.check("namespace", namespace);
        Names.check("table", table);
        if (transactionId != null) {
            return db.tx(c -> visibleTable(c, namespace, table, transactions.visible(c,
                    transactions.view(c, transactionId), namespace, table).orElseThrow(() ->
                    new NotFoundException("table '" + namespace + "." + table + "' does not exist"))));
        }
        return db.tx(c -> store.withStats(c, store.requireTable(c, store.requireNamespace(c, namespace), table)));
    }

    public void dropTable(String namespace, String table) throws SQLException {
        dropTable(namespace, table, null);
    }

    /** Drops a table now, or at the commit of transaction {@code transactionId} when it is not null. */
    public void dropTable(String namespace, String table, String transactionId) throws SQLException {
        Names.check("namespace", namespace);
        Names.check("table", table);
        if (transactionId != null) {
            db.tx(c -> {
                transactions.dropTable(c, transactionId, namespace, table);
                return null;
            });
            return;
        }
        db.tx(c -> {
            TableRow t = store.requireTable(c, store.requireNamespace(c, namespace), table);
            update(c, "UPDATE tables SET dropped_at = ? WHERE id = ?", store.nextTime(c), t.id());
            return null;
        });
    }

    /**
     * Brings back the table of this name dropped last, as it was, while the retention window still
     * holds its files ({@link Retention} deletes them once the drop is older than the window).
     */
    public Table undropTable(String namespace, String table) throws SQLException {
        Names.check("namespace", namespace);
        Names.check("table", table);
        return db.tx(c -> {
            NsRow ns = store.requireNamespace(c, namespace);
            if (store.findTable(c, ns, table).isPresent()) {
                throw new AlreadyExistsException("table '" + namespace + "." + table + "' exists; only a dropped"
                        + " table can be brought back");
            }
            long horizon = store.nowNs() - retention.toNanos();
            long id = -1;
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM tables WHERE namespace_id = ? AND name = ?"
                    + " AND dropped_at IS NOT NULL AND dropped_at >= ? ORDER BY dropped_at DESC LIMIT 1")) {
                ps.setLong(1, ns.id());
                ps.setString(2, table);
                ps.setLong(3, horizon);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        id = rs.getLong(1);
                    }
                }
            }
            if (id < 0) {
                throw new NotFoundException("no table '" + namespace + "." + table + "' was dropped within the"
                        + " retention window (" + retention + "): its files are gone, or it never existed");
            }
            update(c, "UPDATE tables SET dropped_at = NULL WHERE id = ?", id);
            return store.withStats(c, store.requireTable(c, ns, table));
        });
    }

    /**
     * Renames a table within its namespace in one database transaction: its data, history, placements
     * and files stay as they are (see {@link TableRename}). A dropped table of the new name stays
     * dropped (and can be brought back only while no live table has its name).
     *
     * @throws AlreadyExistsException when a live table has the new name
     * @throws io.deltacat.api.error.ConflictException when pipeline nodes or open transactions name the table
     */
    public Table renameTable(String namespace, String table, String newName) throws SQLException {
        Names.check("namespace", namespace);
        Names.check("table", table);
        Names.check("table", newName);
        return db.tx(c -> store.withStats(c, TableRename.rename(store, c, store.requireNamespace(c, namespace), table,
                newName)));
    }

    /**
     * Applies schema changes (each checked; see {@link SchemaEvolution#apply}) and property changes in
     * one transaction: a new schema version when the schema changes, nothing at all on any error.
     */
    public Table alterTable(String namespace, String table, AlterTable req) throws SQLException {
        return alterTable(namespace, table, req, null);
    }

    /** Alters a table now, or at the commit of transaction {@code transactionId} when it is not null. */
    public Table alterTable(String namespace, String table, AlterTable req, String transactionId)
            throws SQLException {
        Names.check("namespace", namespace);
        Names.check("table", table);
        SchemaEvolution.checkProperties(req.properties());
        store.roots().checkTableProperties(req.properties());
        WriteModes.checkProperties(req.properties());
        if (transactionId != null) {
            return db.tx(c -> {
                transactions.alterTable(c, transactionId, namespace, table, req);
                return visibleTable(c, namespace, table, transactions.visible(c, transactions.view(c, transactionId),
                        namespace, table).orElseThrow());
            });
        }
        return db.tx(c -> {
            TableRow t = store.requireTable(c, store.requireNamespace(c, namespace), table);
            LayoutManifests.checkAlter(t.properties(), req.properties());
            Altered a = TableAlteration.altered(t.schema(), t.lastFieldId(), t.layout(), t.properties(),
                    namespace + "." + table,
                    count(c, "SELECT COUNT(*) FROM data_files WHERE table_id = ?", t.id()) > 0, req);
            return store.withStats(c, TableAlteration.applyAlter(c, t, a, store.nextTime(c)));
        });
    }
}
