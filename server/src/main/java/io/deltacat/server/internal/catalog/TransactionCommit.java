package io.deltacat.server.internal.catalog;

import static io.deltacat.server.internal.store.Sql.count;
import static io.deltacat.server.internal.store.Sql.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.ConflictException;
import io.deltacat.server.internal.catalog.Model.Commit;
import io.deltacat.server.internal.catalog.Model.CommitFile;
import io.deltacat.server.internal.catalog.Model.Transaction;
import io.deltacat.server.internal.catalog.Rows.NsRow;
import io.deltacat.server.internal.catalog.Rows.TableRow;
import io.deltacat.server.internal.catalog.Rows.WriteRow;
import io.deltacat.server.internal.catalog.TransactionRows.TxRow;
import io.deltacat.server.internal.catalog.TransactionView.Op;
import io.deltacat.server.internal.store.StoredJson;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A transaction's commit: every recorded operation applied in order at one commit time, in one
 * database transaction, after checking each against what other commits did since the transaction
 * began (a conflict fails the whole commit).
 */
final class TransactionCommit {
    private final CatalogStore store;
    private final TransactionOps ops;
    private final Deltas deltas;

    TransactionCommit(CatalogStore store, TransactionOps ops, Deltas deltas) {
        this.store = store;
        this.ops = ops;
        this.deltas = deltas;
    }

    Transaction apply(Connection c, TxRow t) throws SQLException {
        TransactionView view = ops.view(c, t.id());
        long commitTime = store.nextTime(c); // the clock row lock orders this with every other commit
        long commitRef = store.insertCommit(c, commitTime, null, "transaction:" + t.id());
        for (Op op : view.ops()) {
            switch (op.op()) {
                case TransactionView.CREATE_TABLE -> applyCreate(c, op, commitTime);
                case TransactionView.DROP_TABLE -> applyDrop(c, op, t.startTime(), commitTime);
                case TransactionView.WRITE -> applyWrite(c, op, t.startTime(), commitTime, commitRef);
                case TransactionView.ALTER_TABLE -> applyAlter(c, op, commitTime);
                default -> throw new IllegalStateException("unknown transaction operation '" + op.op() + "'");
            }
        }
        if (update(c, "UPDATE transactions SET state = 'committed', commit_time = ? WHERE id = ?"
                + " AND state = 'open'", commitTime, t.id()) != 1) {
            throw new ConflictException("transaction '" + t.id() + "' ended while it was being committed");
        }
        return new TxRow(t.id(), t.message(), "committed", t.startTime(), t.createdAt(), t.expiresAt(), t.ttlNs(),
                commitTime, null).toModel();
    }

    private void applyCreate(Connection c, Op op, long commitTime) throws SQLException {
        JsonNode p = op.payload();
        NsRow ns = store.findNamespace(c, op.namespace()).orElse(null);
        if (ns == null) {
            if (!p.path("autoCreateNamespace").asBoolean()) {
                throw new ConflictException("namespace '" + op.namespace() + "' was dropped by another commit after"
                        + " this transaction began");
            }
            ns = store.insertNamespace(c, op.namespace(), Map.of(), commitTime);
        }
        if (store.findTable(c, ns, op.table()).isPresent()) {
            throw new ConflictException("table '" + name(op) + "' was created by another commit after this"
                    + " transaction began");
        }
        store.insertTable(c, ns, op.table(), StoredJson.readSchema(p.path("schema").asText()),
                p.path("format").asText(), TransactionView.properties(p.path("properties")), commitTime,
                TransactionView.layout(p));
    }

    private void applyDrop(Connection c, Op op, long start, long commitTime) throws SQLException {
        TableRow t = liveTable(c, op);
        JsonNode tableId = op.payload().get("tableId");
        if (tableId != null) {
            if (t.id() != tableId.asLong()) {
                throw new ConflictException("table '" + name(op) + "' was dropped and created again by another"
                        + " commit after this transaction began");
            }
            requireUnchanged(c, t, op, start, commitTime, "dropping it would lose that change");
        }
        update(c, "UPDATE tables SET dropped_at = ? WHERE id = ?", commitTime, t.id());
    }

    private void applyWrite(Connection c, Op op, long start, long commitTime, long commitRef) throws SQLException {
        JsonNode p = op.payload();
        WriteRow w = store.requireWrite(c, p.path("writeId").asText());
        if (!w.state().equals("prepared")) {
            throw new ConflictException("write '" + w.id() + "' of the transaction is " + w.state());
        }
        Optional<NsRow> ns = store.findNamespace(c, op.namespace());
        Optional<TableRow> live = ns.isEmpty() ? Optional.empty() : store.findTable(c, ns.get(), op.table());
        if (p.path("createsTable").asBoolean() && live.isPresent()) {
            throw new ConflictException("table '" + name(op) + "' was created by another commit after this"
                    + " transaction began");
        }
        JsonNode tableId = p.get("tableId");
        if (tableId != null) {
            if (live.isEmpty() || live.get().id() != tableId.asLong()) {
                throw new ConflictException("table '" + name(op) + "' was dropped by another commit after this"
                        + " transaction began");
            }
            if (TransactionView.SUPERSEDING.contains(p.path("deltaType").asText())) {
                requireUnchanged(c, live.get(), op, start, commitTime, "replacing it would lose that change");
            }
        }
        List<CommitFile> files = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        for (JsonNode f : p.path("files")) {
            JsonNode columns = f.get("columns");
            JsonNode partition = f.get("partitionValues");
            files.add(new CommitFile(f.path("path").asText(), f.path("format").asText(), f.path("rowCount").asLong(),
                    f.path("sizeBytes").asLong(), columns instanceof ObjectNode o ? o : null, partition));
            uris.add(f.path("uri").asText());
        }
        deltas.applyWrite(c, w, StoredJson.readSchema(w.schemaJson()),
                new Commit(p.path("commitId").asText(), files), uris, p.path("rows").asLong(), commitTime, commitRef,
                "prepared");
    }

    private void applyAlter(Connection c, Op op, long commitTime) throws SQLException {
        JsonNode p = op.payload();
        TableRow t = liveTable(c, op);
        if (t.id() != p.path("tableId").asLong()) {
            throw new ConflictException("table '" + name(op) + "' was dropped and created again by another commit"
                    + " after this transaction began");
        }
        if (t.schemaVersion() != p.path("baseVersion").asInt()) {
            throw new ConflictException("the schema of table '" + name(op) + "' was changed by another commit after"
                    + " this transaction began");
        }
        if (p.path("mergeKeysChanged").asBoolean()
                && count(c, "SELECT COUNT(*) FROM data_files WHERE table_id = ?", t.id()) > 0) {
            throw new ConflictException("table '" + name(op) + "' has data now: its merge keys can change only while"
                    + " it is empty");
        }
        SchemaEvolution.Evolved evolved = p.path("schemaChanged").asBoolean()
                ? new SchemaEvolution.Evolved(StoredJson.readSchema(p.path("schema").asText()),
                        p.path("lastFieldId").asInt(), TransactionView.layout(p))
                : null;
        // properties set by the transaction, over whatever others set meanwhile
        Map<String, String> props = new LinkedHashMap<>(t.properties());
        props.putAll(TransactionView.properties(p.path("setProperties")));
        TableAlteration.applyAlter(c, t, new TableAlteration.Altered(evolved, props), commitTime);
    }

    private TableRow liveTable(Connection c, Op op) throws SQLException {
        Optional<NsRow> ns = store.findNamespace(c, op.namespace());
        return (ns.isEmpty() ? Optional.<TableRow>empty() : store.findTable(c, ns.get(), op.table()))
                .orElseThrow(() -> new ConflictException("table '" + name(op) + "' was dropped by another commit"
                        + " after this transaction began"));
    }

    /** Fails when another commit wrote {@code t} after {@code start} (this commit's own deltas are at commitTime). */
    private static void requireUnchanged(Connection c, TableRow t, Op op, long start, long commitTime, String why)
            throws SQLException {
        long other = count(c, "SELECT COUNT(*) FROM deltas WHERE table_id = ? AND commit_time > ?"
                + " AND commit_time < ?", t.id(), start, commitTime);
        if (other > 0) {
            throw new ConflictException("table '" + name(op) + "' was written by another commit after this transaction"
                    + " began; " + why);
        }
    }

    private static String name(Op op) {
        return op.namespace() + "." + op.table();
    }
}
