package io.deltacat.server.internal.catalog;

import static io.deltacat.server.internal.store.Sql.count;
import static io.deltacat.server.internal.store.Sql.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.AlreadyExistsException;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.model.MergeKeys;
import io.deltacat.server.internal.catalog.Model.Commit;
import io.deltacat.server.internal.catalog.Model.CommitFile;
import io.deltacat.server.internal.catalog.Model.CommitResult;
import io.deltacat.server.internal.catalog.Model.CreateTable;
import io.deltacat.server.internal.catalog.Rows.NsRow;
import io.deltacat.server.internal.catalog.Rows.TableRow;
import io.deltacat.server.internal.catalog.Rows.WriteRow;
import io.deltacat.server.internal.catalog.TransactionRows.TxRow;
import io.deltacat.server.internal.catalog.TransactionView.Change;
import io.deltacat.server.internal.catalog.TransactionView.Op;
import io.deltacat.server.internal.catalog.TransactionView.TableChange;
import io.deltacat.server.internal.store.StoredJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What a transaction does before its commit, each in the caller's database transaction: the view of
 * its operations so far, tables as it sees them, and the recording of its operations (table
 * creates, drops and alters, prepared writes). Nothing here changes the committed catalog.
 */
final class TransactionOps {
    private final CatalogStore store;
    private final ObjectMapper json;

    TransactionOps(CatalogStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    /** The open transaction's operations so far. */
    TransactionView view(Connection c, String id) throws SQLException {
        TxRow t = TransactionRows.requireOpen(store, c, id);
        List<Op> ops = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, op, namespace, table_name, payload FROM"
                + " transaction_ops WHERE transaction_id = ? ORDER BY seq")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ops.add(new Op(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            StoredJson.readTree(rs.getString(5))));
                }
            }
        }
        return new TransactionView(id, t.startTime(), ops);
    }

    private void addOp(Connection c, TransactionView view, String op, String namespace, String table,
                       ObjectNode payload) throws SQLException {
        update(c, "INSERT INTO transaction_ops (transaction_id, seq, op, namespace, table_name, payload)"
                + " VALUES (?, ?, ?, ?, ?, ?)", view.transactionId(), view.nextSeq(), op, namespace, table,
                payload.toString());
    }

    /**
     * A table as the transaction sees it.
     *
     * @param committed the committed table the transaction builds on, or null when it created the table
     */
    record Visible(TableRow committed, Schema schema, String format, Map<String, String> properties,
                   Layout layout, TableChange change) {
        /** The schema version the reader sees (a transaction's own alter counts as the next version). */
        int schemaVersion() {
            int base = committed == null ? 1 : committed.schemaVersion();
            return change == null ? base : change.schemaVersion(base);
        }
    }

    Optional<Visible> visible(Connection c, TransactionView view, String namespace, String table) throws SQLException {
        TableChange change = view.table(namespace, table);
        switch (change.change()) {
            case DROPPED:
                return Optional.empty();
            case CREATED:
                return Optional.of(new Visible(null, change.schema(), change.format(), change.properties(),
                        change.layout(), change));
            default:
                Optional<NsRow> ns = store.findNamespace(c, namespace);
                Optional<TableRow> t = ns.isEmpty() ? Optional.empty() : store.findTable(c, ns.get(), table);
                boolean altered = !change.alters().isEmpty();
                return t.map(row -> new Visible(row, altered ? change.schema() : row.schema(), row.format(),
                        altered ? change.properties() : row.properties(), altered ? change.layout() : row.layout(),
                        change));
        }
    }

    /** The names of tables the transaction created in {@code namespace}, in the order created. */
    List<String> createdTables(TransactionView view, String namespace) {
        List<String> out = new ArrayList<>();
        for (Op op : view.ops()) {
            if (op.namespace().equals(namespace) && !out.contains(op.table())
                    && view.table(namespace, op.table()).change() == Change.CREATED) {
                out.add(op.table());
            }
        }
        return out;
    }

    /** Records a table create; the table appears at commit. */
    Model.Table createTable(Connection c, String transactionId, String namespace, CreateTable req, Schema schema)
            throws SQLException {
        TransactionView view = view(c, transactionId);
        if (store.findNamespace(c, namespace).isEmpty() && !req.autoCreateNamespace()) {
            throw CatalogStore.namespaceNotFound(namespace);
        }
        if (visible(c, view, namespace, req.name()).isPresent()) {
            throw new AlreadyExistsException("table '" + namespace + "." + req.name() + "' already exists");
        }
        ObjectNode p = json.createObjectNode().put("schema", schema.toJson()).put("format", req.format())
                .put("autoCreateNamespace", req.autoCreateNamespace());
        ObjectNode props = p.putObject("properties");
        req.properties().forEach(props::put);
        TransactionView.putLayout(p, req.layout());
        addOp(c, view, TransactionView.CREATE_TABLE, namespace, req.name(), p);
        return new Model.Table(namespace, req.name(), schema, req.format(), req.properties(), store.nowNs(),
                null, 0, 0, req.layout(), 1);
    }

    /** Records a table drop; the table disappears for the transaction now and for everyone at commit. */
    void dropTable(Connection c, String transactionId, String namespace, String table) throws SQLException {
        TransactionView view = view(c, transactionId);
        Visible v = visible(c, view, namespace, table).orElseThrow(() ->
                new NotFoundException("table '" + namespace + "." + table + "' does not exist"));
        ObjectNode p = json.createObjectNode();
        if (v.committed() != null) {
            p.put("tableId", v.committed().id());
        }
        addOp(c, view, TransactionView.DROP_TABLE, namespace, table, p);
    }

    /**
     * Prepares a checked write of the transaction: it becomes an operation, applied at commit. The
     * answer has no commit time yet.
     */
    CommitResult prepare(Connection c, WriteRow w, Schema dataSchema, Commit req, List<String> uris, long rows)
            throws SQLException {
        TransactionView view = view(c, w.transactionId());
        Optional<Visible> v = visible(c, view, w.namespace(), w.table());
        boolean createsTable = v.isEmpty();
        Schema tableSchema = v.map(Visible::schema).orElse(dataSchema);
        String deltaType = WriteModes.deltaType(w.mode(), !MergeKeys.of(tableSchema).isEmpty());
        if (v.isPresent()) {
            if (w.mode().equals("create")) {
                throw new AlreadyExistsException("table '" + w.namespace() + "." + w.table()
                        + "' already exists (write mode 'create')");
            }
            SchemaChecks.checkCommitData(w.namespace(), w.table(), w.mode(), tableSchema, dataSchema,
                    v.get().properties());
        } else if (WriteModes.needsTable(w.mode())) {
            throw new NotFoundException("table '" + w.namespace() + "." + w.table() + "' does not exist (write mode '"
                    + w.mode() + "' needs an existing table)");
        }
        Deltas.checkNotEmpty(w, req, createsTable, deltaType);
        ObjectNode p = json.createObjectNode().put("writeId", w.id()).put("commitId", req.commitId())
                .put("mode", w.mode()).put("deltaType", deltaType).put("createsTable", createsTable)
                .put("rows", rows).put("schemaVersion", v.map(Visible::schemaVersion).orElse(1));
        if (v.isPresent() && v.get().committed() != null) {
            p.put("tableId", v.get().committed().id());
        }
        if (createsTable) {
            p.put("schema", dataSchema.toJson()).put("format", w.format());
            p.set("tableProperties", StoredJson.readTree(w.tablePropertiesJson()));
            TransactionView.putLayout(p, w.layout());
        }
        ArrayNode files = p.putArray("files");
        for (int i = 0; i < req.files().size(); i++) {
            CommitFile f = req.files().get(i);
            ObjectNode fn = files.addObject().put("uri", uris.get(i)).put("path", f.path()).put("format", f.format())
                    .put("rowCount", f.rowCount()).put("sizeBytes", f.sizeBytes());
            if (f.columns() != null) {
                fn.set("columns", f.columns());
            }
            if (f.partitionValues() != null) {
                fn.set("partitionValues", f.partitionValues());
            }
        }
        addOp(c, view, TransactionView.WRITE, w.namespace(), w.table(), p);
        if (update(c, "UPDATE writes SET state = 'prepared', client_commit_id = ? WHERE id = ?"
                + " AND state = 'open'", req.commitId(), w.id()) != 1) {
            throw new ConflictException("write '" + w.id() + "' is no longer open");
        }
        return new CommitResult(w.id(), req.commitId(), 0, w.namespace(), w.table(), deltaType, req.files().size(),
                rows, createsTable);
    }

    /**
     * Records an alter of a committed table: checked now against the table as the transaction sees
     * it (earlier alters included), visible to the transaction's reads and writes at once, applied at
     * commit unless another commit changed the table's schema meanwhile.
     */
    void alterTable(Connection c, String transactionId, String namespace, String table, Model.AlterTable req)
            throws SQLException {
        TransactionView view = view(c, transactionId);
        Visible v = visible(c, view, namespace, table).orElseThrow(() ->
                new NotFoundException("table '" + namespace + "." + table + "' does not exist"));
        if (v.committed() == null) {
            throw new InvalidRequestException("table '" + namespace + "." + table + "' is created in this"
                    + " transaction: create it with the schema and properties it should have");
        }
        List<JsonNode> alters = v.change().alters();
        JsonNode last = alters.isEmpty() ? null : alters.get(alters.size() - 1);
        int lastFieldId = last == null ? v.committed().lastFieldId() : last.path("lastFieldId").asInt();
        int baseVersion = v.schemaVersion();
        boolean hasData = !v.change().writes().isEmpty()
                || count(c, "SELECT COUNT(*) FROM data_files WHERE table_id = ?", v.committed().id()) > 0;
        TableAlteration.Altered a = TableAlteration.altered(v.schema(), lastFieldId, v.layout(), v.properties(),
                namespace + "." + table, hasData, req);
        Schema after = a.evolved() == null ? v.schema() : a.evolved().schema();
        ObjectNode p = json.createObjectNode().put("tableId", v.committed().id()).put("baseVersion", baseVersion)
                .put("version", a.evolved() == null ? baseVersion : baseVersion + 1)
                .put("schemaChanged", a.evolved() != null).put("schema", after.toJson())
                .put("lastFieldId", a.evolved() == null ? lastFieldId : a.evolved().lastFieldId())
                .put("mergeKeysChanged", !MergeKeys.of(v.schema()).equals(MergeKeys.of(after)));
        TransactionView.putLayout(p, a.evolved() == null ? v.layout() : a.evolved().layout());
        ObjectNode merged = p.putObject("properties");
        a.properties().forEach(merged::put);
        ObjectNode set = p.putObject("setProperties");
        req.properties().forEach(set::put);
        addOp(c, view, TransactionView.ALTER_TABLE, namespace, table, p);
    }
}
