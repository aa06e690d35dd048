package io.deltacat.server.internal.catalog;

import static io.deltacat.server.internal.store.Sql.update;

import io.deltacat.api.error.AlreadyExistsException;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.error.StorageException;
import io.deltacat.server.internal.catalog.Model.BeginWrite;
import io.deltacat.server.internal.catalog.Model.WriteSession;
import io.deltacat.server.internal.catalog.Model.WriteStatus;
import io.deltacat.server.internal.catalog.Rows.NsRow;
import io.deltacat.server.internal.catalog.Rows.TableRow;
import io.deltacat.server.internal.catalog.Rows.WriteRow;
import io.deltacat.server.internal.store.Database;
import io.deltacat.server.internal.store.StoredJson;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The first and last steps of a staged write that are not its commit: opening a write session
 * (mode and schema checked, a staging prefix handed out), its status, and its abort. Nothing here
 * changes the catalog; see {@link Commits} for what does.
 */
public final class WriteSessions {
    private final CatalogStore store;
    private final Database db;
    private final TransactionOps transactions;
    private final Duration stagingTtl;

    WriteSessions(CatalogStore store, TransactionOps transactions, Duration stagingTtl) {
        this.store = store;
        this.db = store.db();
        this.transactions = transactions;
        this.stagingTtl = stagingTtl;
    }

    public WriteSession beginWrite(String namespace, String table, BeginWrite req) throws SQLException {
        return beginWrite(namespace, table, req, null);
    }

    /**
     * Opens a write session. Inside transaction {@code transactionId} (when not null) the write sees
     * the transaction's tables and its commit only prepares it; the transaction's commit applies it.
     */
    public WriteSession beginWrite(String namespace, String table, BeginWrite req, String transactionId)
            throws SQLException {
        Names.check("namespace", namespace);
        Names.check("table", table);
        WriteModes.checkMode(req.mode());
        Names.checkFormat(req.format());
        WriteModes.checkProperties(req.tableProperties());
        store.roots().checkTableProperties(req.tableProperties());
        String writeId = UUID.randomUUID().toString();
        String[] staged = new String[1];
        try {
            return openSession(namespace, table, req, transactionId, writeId, staged);
        } catch (RuntimeException | SQLException e) {
            if (staged[0] != null) {
                store.deleteStaging(staged[0]);
            }
            throw e;
        }
    }

    /** Opens the session in one transaction; {@code staged[0]} gets the staging prefix once its folder exists. */
    private WriteSession openSession(String namespace, String table, BeginWrite req, String transactionId,
                                     String writeId, String[] staged) throws SQLException {
        return db.tx(c -> {
            NsRow ns = store.findNamespace(c, namespace).orElse(null);
            Optional<TransactionOps.Visible> visible;
            if (transactionId != null) {
                visible = transactions.visible(c, transactions.view(c, transactionId), namespace, table);
            } else {
                visible = (ns == null ? Optional.<TableRow>empty() : store.findTable(c, ns, table))
                        .map(r -> new TransactionOps.Visible(r, r.schema(), r.format(), r.properties(), r.layout(),
                                null));
            }
            String format = req.format();
            Schema schema = req.schema();
            Layout layout = req.layout();
            Map<String, String> tableProperties;
            List<String> mergeKeys;
            if (visible.isPresent()) {
                if (req.mode().equals("create")) {
                    throw new AlreadyExistsException("table '" + namespace + "." + table
                            + "' already exists (write mode 'create')");
                }
                // the data may leave out nullable or defaulted columns: the write's schema has them (filled)
                schema = SchemaChecks.checkWriteData(namespace, table, req.mode(), visible.get().schema(),
                        req.schema(), visible.get().properties()).schema();
                format = visible.get().format();
                layout = visible.get().layout();
                tableProperties = visible.get().properties();
                mergeKeys = io.deltacat.api.model.MergeKeys.of(visible.get().schema());
            } else {
                // a table this write creates gets the merge keys and layout asked for
                schema = WriteModes.withMergeKeys(req.schema(), req.mergeKeys());
                layout.check(req.schema());
                SchemaEvolution.checkProperties(req.tableProperties());
                LayoutManifests.checkTable(schema, req.tableProperties());
                tableProperties = req.tableProperties();
                mergeKeys = io.deltacat.api.model.MergeKeys.of(schema);
                if (WriteModes.needsTable(req.mode())) {
                    throw new NotFoundException("table '" + namespace + "." + table + "' does not exist (write mode '"
                            + req.mode() + "' needs an existing table)");
                }
                if (ns == null && !req.autoCreateNamespace()) {
                    throw CatalogStore.namespaceNotFound(namespace);
                }
            }
            CommitVerifier.provider(format); // a format this server cannot read could never be committed
            // the table's root (an existing table's property, else the one the write asks for)
            String stagingUri = store.tableData(visible.isPresent() ? visible.get().properties() : req.tableProperties(),
                    namespace, table) + writeId + "/";
            if (staged[0] == null || !staged[0].equals(stagingUri)) {
                try {
                    // before the write exists: a session whose files have nowhere to go is never handed out
                    store.roots().prepareFolder(stagingUri);
                    staged[0] = stagingUri;
                } catch (IOException e) {
                    throw new StorageException("cannot create the staging folder of a write to table '" + namespace
                            + "." + table + "' under the data root", e);
                }
            }
            long now = store.nowNs();
            long expires = now + stagingTtl.toNanos();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO writes (id, namespace, table_name, mode, format,"
                    + " schema_json, table_properties, auto_create_namespace, staging_uri, state, created_at, expires_at,"
                    + " transaction_id, partition_spec, sort_spec) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)")) {
                ps.setString(1, writeId);
                ps.setString(2, namespace);
                ps.setString(3, table);
                ps.setString(4, req.mode());
                ps.setString(5, format);
                ps.setString(6, schema.toJson());
                ps.setString(7, StoredJson.writeMap(req.tableProperties()));
                ps.setInt(8, req.autoCreateNamespace() ? 1 : 0);
                ps.setString(9, stagingUri);
                ps.setLong(10, now);
                ps.setLong(11, expires);
                ps.setString(12, transactionId);
                ps.setString(13, Layout.partitionJson(req.layout().partitionKeys()).toString());
                ps.setString(14, Layout.sortJson(req.layout().sortKeys()).toString());
                ps.executeUpdate();
            }
            return new WriteSession(writeId, namespace, table, req.mode(), format, stagingUri, expires,
                    visible.isPresent(), layout, schema, tableProperties, mergeKeys);
        });
    }

    public WriteStatus writeStatus(String writeId) throws SQLException {
        return db.tx(c -> {
            WriteRow w = store.requireWrite(c, writeId);
            // a prepared write carries its commit id too: a client that lost the answer learns it was taken
            boolean committed = w.state().equals("committed") || w.state().equals("prepared");
            return new WriteStatus(w.id(), w.state(), w.namespace(), w.table(),
                    committed ? w.commitId() : null, committed ? w.commitTime() : null);
        });
    }

    /** Aborts an open write and deletes its staged files; an aborted or expired write stays so. */
    public void abortWrite(String writeId) throws SQLException {
        db.lock().lock();
        try {
            WriteRow w = db.tx(c -> {
                WriteRow row = store.requireWrite(c, writeId);
                if (row.state().equals("committed")) {
                    throw new ConflictException("write '" + writeId + "' is already committed");
                }
                if (row.state().equals("prepared")) {
                    throw new ConflictException("write '" + writeId + "' is prepared in transaction '"
                            + row.transactionId() + "'; abort the transaction instead");
                }
                if (row.state().equals("open")
                        && update(c, "UPDATE writes SET state = 'aborted' WHERE id = ? AND state = 'open'", writeId) != 1) {
                    // another server process committed or expired it meanwhile
                    throw new ConflictException("write '" + writeId + "' is no longer open");
                }
                return row;
            });
            store.deleteStaging(w.stagingUri());
        } finally {
            db.lock().unlock();
        }
    }
}
