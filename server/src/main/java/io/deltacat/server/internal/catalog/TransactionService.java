package io.deltacat.server.internal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.AlreadyExistsException;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.model.MergeKeys;
import io.deltacat.server.internal.catalog.CatalogService.NsRow;
import io.deltacat.server.internal.catalog.CatalogService.TableRow;
import io.deltacat.server.internal.catalog.CatalogService.WriteRow;
import io.deltacat.server.internal.catalog.Model.Commit;
import io.deltacat.server.internal.catalog.Model.CommitFile;
import io.deltacat.server.internal.catalog.Model.CommitResult;
import io.deltacat.server.internal.catalog.Model.CreateTable;
import io.deltacat.server.internal.catalog.Model.Transaction;
import io.deltacat.server.internal.catalog.TransactionView.Change;
import io.deltacat.server.internal.catalog.TransactionView.Op;
import io.deltacat.server.internal.catalog.TransactionView.TableChange;
import io.deltacat.server.internal.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multi-table transactions. A transaction records its operations (table creates and drops,
 * prepared writes) and applies all of them in one database transaction at one commit time, so
 * every reader, {@code asOf} included, sees all of it or none of it. Until then only reads that
 * name the transaction see its changes. A transaction lives while its client heartbeats; one whose
 * deadline passes is expired by garbage collection and its staged files deleted.
 *
 * <p>Conflicts are checked at commit against what other commits did after the transaction began:
 * a table the transaction writes must not have been dropped meanwhile; a table it drops or
 * replaces must not have been written meanwhile. Appends never conflict with appends.
 */
public final class TransactionService {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionService.class);
    static final String CREATE_TABLE = "create_table";
    static final String DROP_TABLE = "drop_table";
    static final String WRITE = "write";
    static final String ALTER_TABLE = "alter_table";
    /** Delta types that supersede every earlier file of their table. */
    static final Set<String> SUPERSEDING = Set.of("replace");
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
    static final Duration MIN_TTL = Duration.ofMillis(100);
    static final Duration MAX_TTL = Duration.ofHours(24);
    private static final int MAX_MESSAGE = 4096;

    private final CatalogService catalog;
    private final Database db;
    private final ObjectMapper json;

    TransactionService(CatalogService catalog, Database db, ObjectMapper json) {
        this.catalog = catalog;
        this.db = db;
        this.json = json;
    }

    /** A transaction's row. */
    record TxRow(String id, String message, String state, long startTime, long createdAt, long expiresAt, long ttlNs,
                 Long commitTime, String error) {
        Transaction toModel() {
            return new Transaction(id, message, state, startTime, createdAt, expiresAt, ttlNs / 1_000_000L, commitTime,
                    error);
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /** Begins a transaction that expires {@code ttl} after its last heartbeat. */
    public Transaction begin(String message, Duration ttl) throws SQLException {
        if (message.length() > MAX_MESSAGE) {
            throw new InvalidRequestException("transaction message is longer than " + MAX_MESSAGE + " characters");
        }
        if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new InvalidRequestException("transaction ttlMs must be between " + MIN_TTL.toMillis() + " and "
                    + MAX_TTL.toMillis() + ", got " + ttl.toMillis());
        }
        String id = UUID.randomUUID().toString();
        return db.tx(c -> {
            // the last catalog time handed out: every later commit has a greater time
            long start = CatalogService.count(c, "SELECT last_ns FROM clock WHERE id = 1");
            long now = catalog.nowNs();
            TxRow row = new TxRow(id, message, "open", start, now, now + ttl.toNanos(), ttl.toNanos(), null, null);
            CatalogService.update(c, "INSERT INTO transactions (id, message, state, start_time, created_at, expires_at,"
                    + " ttl_ns) VALUES (?, ?, 'open', ?, ?, ?, ?)", id, message, start, now, row.expiresAt(),
                    row.ttlNs());
            return row.toModel();
        });
    }

    public Transaction get(String id) throws SQLException {
        return db.tx(c -> require(c, id).toModel());
    }

    /** Extends an open transaction's deadline by its time to live. */
    public Transaction heartbeat(String id) throws SQLException {
        return db.tx(c -> {
            TxRow t = requireOpen(c, id);
            long expires = catalog.nowNs() + t.ttlNs();
            CatalogService.update(c, "UPDATE transactions SET expires_at = ? WHERE id = ? AND state = 'open'", expires,
                    id);
            return new TxRow(t.id(), t.message(), t.state(), t.startTime(), t.createdAt(), expires, t.ttlNs(), null,
                    null).toModel();
        });
    }

    /**
     * Commits every operation of the transaction at one commit time, or none: a conflict or a
     * failed check aborts the transaction, deletes its staged files and is thrown. Committing a
     * committed transaction again returns it unchanged.
     */
    public Transaction commit(String id) throws SQLException {
        boolean[] fresh = new boolean[1];
        Transaction committed = commitLocked(id, fresh);
        if (fresh[0]) {
            // outside the lock, as after a plain write: event triggers, then compaction on write
            for (List<String> t : writtenTables(id)) {
                catalog.notifyCommit(t.get(0), t.get(1));
                new Compactor(json).afterWrite(catalog, t.get(0), t.get(1), "tx-" + id);
            }
        }
        return committed;
    }

    private Transaction commitLocked(String id, boolean[] fresh) throws SQLException {
        db.lock().lock();
        try {
            TxRow current = db.tx(c -> require(c, id));
            if (current.state().equals("committed")) {
                return current.toModel();
            }
            if (!current.state().equals("open")) {
                throw notOpen(current);
            }
            if (catalog.nowNs() > current.expiresAt()) {
                end(id, "expired", "its heartbeats stopped before commit");
                throw new ConflictException("transaction '" + id + "' expired before its commit");
            }
            Transaction committed;
            try {
                committed = db.tx(c -> apply(c, requireOpen(c, id)));
            } catch (DeltacatException e) {
                end(id, "aborted", e.getMessage());
                throw e;
            }
            fresh[0] = true;
            return committed;
        } finally {
            db.lock().unlock();
        }
    }

    /** The tables (namespace, name) a transaction wrote, in the order first written. */
    private Set<List<String>> writtenTables(String id) throws SQLException {
        Set<List<String>> tables = new java.util.LinkedHashSet<>();
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT namespace, table_name FROM transaction_ops"
                    + " WHERE transaction_id = ? AND op = ? ORDER BY seq")) {
                ps.setString(1, id);
                ps.setString(2, WRITE);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tables.add(List.of(rs.getString(1), rs.getString(2)));
                    }
                }
            }
            return null;
        });
        return tables;
    }

    /** Aborts an open transaction and deletes what it staged; an aborted or expired one stays so. */
    public Transaction abort(String id) throws SQLException {
        db.lock().lock();
        try {
            TxRow t = db.tx(c -> require(c, id));
            if (t.state().equals("committed")) {
                throw new ConflictException("transaction '" + id + "' is already committed");
            }
            if (t.state().equals("open")) {
                end(id, "aborted", "aborted by the client");
            }
            return get(id);
        } finally {
            db.lock().unlock();
        }
    }

    /** Expires open transactions past their deadline; the caller holds the database lock. */
    int expire() throws SQLException {
        long now = catalog.nowNs();
        List<String> ids = db.tx(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM transactions WHERE state = 'open' AND expires_at < ?")) {
                ps.setLong(1, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
        int expired = 0;
        for (String id : ids) {
            if (end(id, "expired", "its heartbeats stopped")) {
                LOG.info("expired abandoned transaction {}", id);
                expired++;
            }
        }
        return expired;
    }

    /** Ends an open transaction without applying it: its writes end too and their staged files go. */
    private boolean end(String id, String state, String reason) throws SQLException {
        List<String> staging = new ArrayList<>();
        boolean ended = db.tx(c -> {
            if (CatalogService.update(c, "UPDATE transactions SET state = ?, error = ? WHERE id = ? AND state = 'open'",
                    state, reason, id) != 1) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT staging_uri FROM writes WHERE transaction_id = ?"
                    + " AND state IN ('open', 'prepared')")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        staging.add(rs.getString(1));
                    }
                }
            }
            CatalogService.update(c, "UPDATE writes SET state = ? WHERE transaction_id = ? AND state IN ('open',"
                    + " 'prepared')", state.equals("expired") ? "expired" : "aborted", id);
            return true;
        });
        if (ended) {
            staging.forEach(catalog::deleteStaging);
        }
        return ended;
    }

    // ---------------------------------------------------------------- operations (in the caller's db transaction)

    TxRow require(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, message, state, start_time, created_at, expires_at,"
                + " ttl_ns, commit_time, error FROM transactions WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("transaction '" + id + "' does not exist");
                }
                long ct = rs.getLong(8);
                Long commitTime = rs.wasNull() ? null : ct;
                return new TxRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), commitTime, rs.getString(9));
            }
        }
    }

    /** The transaction, which must be open and within its deadline. */
    TxRow requireOpen(Connection c, String id) throws SQLException {
        TxRow t = require(c, id);
        if (!t.state().equals("open")) {
            throw notOpen(t);
        }
        if (catalog.nowNs() > t.expiresAt()) {
            throw new ConflictException("transaction '" + id + "' expired: no heartbeat within its "
                    + t.ttlNs() / 1_000_000L + " ms time to live");
        }
        return t;
    }

    private static ConflictException notOpen(TxRow t) {
        return new ConflictException("transaction '" + t.id() + "' is " + t.state()
                + (t.error() == null ? "" : " (" + t.error() + ")"));
    }

    /** The open transaction's operations so far. */
    TransactionView view(Connection c, String id) throws SQLException {
        TxRow t = requireOpen(c, id);
        List<Op> ops = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, op, namespace, table_name, payload FROM"
                + " transaction_ops WHERE transaction_id = ? ORDER BY seq")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ops.add(new Op(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            catalog.readTree(rs.getString(5))));
                }
            }
        }
        return new TransactionView(id, t.startTime(), ops);
    }

    private void addOp(Connection c, TransactionView view, String op, String namespace, String table,
                       ObjectNode payload) throws SQLException {
        CatalogService.update(c, "INSERT INTO transaction_ops (transaction_id, seq, op, namespace, table_name, payload)"
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
                Optional<NsRow> ns = catalog.findNamespace(c, namespace);
                Optional<TableRow> t = ns.isEmpty() ? Optional.empty() : catalog.findTable(c, ns.get(), table);
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
        if (catalog.findNamespace(c, namespace).isEmpty() && !req.autoCreateNamespace()) {
            throw CatalogService.namespaceNotFound(namespace);
        }
        if (visible(c, view, namespace, req.name()).isPresent()) {
            throw new AlreadyExistsException("table '" + namespace + "." + req.name() + "' already exists");
        }
        ObjectNode p = json.createObjectNode().put("schema", schema.toJson()).put("format", req.format())
                .put("autoCreateNamespace", req.autoCreateNamespace());
        ObjectNode props = p.putObject("properties");
        req.properties().forEach(props::put);
        putLayout(p, req.layout());
        addOp(c, view, CREATE_TABLE, namespace, req.name(), p);
        return new Model.Table(namespace, req.name(), schema, req.format(), req.properties(), catalog.nowNs(),
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
        addOp(c, view, DROP_TABLE, namespace, table, p);
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
            CatalogService.checkWriteData(w.namespace(), w.table(), w.mode(), tableSchema, dataSchema,
                    v.get().properties());
        } else if (WriteModes.needsTable(w.mode())) {
            throw new NotFoundException("table '" + w.namespace() + "." + w.table() + "' does not exist (write mode '"
                    + w.mode() + "' needs an existing table)");
        }
        ObjectNode p = json.createObjectNode().put("writeId", w.id()).put("commitId", req.commitId())
                .put("mode", w.mode()).put("deltaType", deltaType).put("createsTable", createsTable)
                .put("rows", rows).put("schemaVersion", v.map(Visible::schemaVersion).orElse(1));
        if (v.isPresent() && v.get().committed() != null) {
            p.put("tableId", v.get().committed().id());
        }
        if (createsTable) {
            p.put("schema", dataSchema.toJson()).put("format", w.format());
            p.set("tableProperties", catalog.readTree(w.tablePropertiesJson()));
            putLayout(p, w.layout(catalog));
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
        addOp(c, view, WRITE, w.namespace(), w.table(), p);
        if (CatalogService.update(c, "UPDATE writes SET state = 'prepared', client_commit_id = ? WHERE id = ?"
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
                || CatalogService.count(c, "SELECT COUNT(*) FROM data_files WHERE table_id = ?", v.committed().id()) > 0;
        CatalogService.Altered a = CatalogService.altered(v.schema(), lastFieldId, v.layout(), v.properties(),
                namespace + "." + table, hasData, req);
        Schema after = a.evolved() == null ? v.schema() : a.evolved().schema();
        ObjectNode p = json.createObjectNode().put("tableId", v.committed().id()).put("baseVersion", baseVersion)
                .put("version", a.evolved() == null ? baseVersion : baseVersion + 1)
                .put("schemaChanged", a.evolved() != null).put("schema", after.toJson())
                .put("lastFieldId", a.evolved() == null ? lastFieldId : a.evolved().lastFieldId())
                .put("mergeKeysChanged", !MergeKeys.of(v.schema()).equals(MergeKeys.of(after)));
        putLayout(p, a.evolved() == null ? v.layout() : a.evolved().layout());
        ObjectNode merged = p.putObject("properties");
        a.properties().forEach(merged::put);
        ObjectNode set = p.putObject("setProperties");
        req.properties().forEach(set::put);
        addOp(c, view, ALTER_TABLE, namespace, table, p);
    }

    // ---------------------------------------------------------------- commit

    private Transaction apply(Connection c, TxRow t) throws SQLException {
        TransactionView view = view(c, t.id());
        long commitTime = catalog.nextTime(c); // the clock row lock orders this with every other commit
        long commitRef = catalog.insertCommit(c, commitTime, null, "transaction:" + t.id());
        for (Op op : view.ops()) {
            switch (op.op()) {
                case CREATE_TABLE -> applyCreate(c, op, commitTime);
                case DROP_TABLE -> applyDrop(c, op, t.startTime(), commitTime);
                case WRITE -> applyWrite(c, op, t.startTime(), commitTime, commitRef);
                case ALTER_TABLE -> applyAlter(c, op, commitTime);
                default -> throw new IllegalStateException("unknown transaction operation '" + op.op() + "'");
            }
        }
        if (CatalogService.update(c, "UPDATE transactions SET state = 'committed', commit_time = ? WHERE id = ?"
                + " AND state = 'open'", commitTime, t.id()) != 1) {
            throw new ConflictException("transaction '" + t.id() + "' ended while it was being committed");
        }
        return new TxRow(t.id(), t.message(), "committed", t.startTime(), t.createdAt(), t.expiresAt(), t.ttlNs(),
                commitTime, null).toModel();
    }

    private void applyCreate(Connection c, Op op, long commitTime) throws SQLException {
        JsonNode p = op.payload();
        NsRow ns = catalog.findNamespace(c, op.namespace()).orElse(null);
        if (ns == null) {
            if (!p.path("autoCreateNamespace").asBoolean()) {
                throw new ConflictException("namespace '" + op.namespace() + "' was dropped by another commit after"
                        + " this transaction began");
            }
            ns = catalog.insertNamespace(c, op.namespace(), Map.of(), commitTime);
        }
        if (catalog.findTable(c, ns, op.table()).isPresent()) {
            throw new ConflictException("table '" + name(op) + "' was created by another commit after this"
                    + " transaction began");
        }
        catalog.insertTable(c, ns, op.table(), CatalogService.parseSchema(p.path("schema").asText()),
                p.path("format").asText(), properties(p.path("properties")), commitTime, layout(p));
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
        CatalogService.update(c, "UPDATE tables SET dropped_at = ? WHERE id = ?", commitTime, t.id());
    }

    private void applyWrite(Connection c, Op op, long start, long commitTime, long commitRef) throws SQLException {
        JsonNode p = op.payload();
        WriteRow w = catalog.requireWrite(c, p.path("writeId").asText());
        if (!w.state().equals("prepared")) {
            throw new ConflictException("write '" + w.id() + "' of the transaction is " + w.state());
        }
        Optional<NsRow> ns = catalog.findNamespace(c, op.namespace());
        Optional<TableRow> live = ns.isEmpty() ? Optional.empty() : catalog.findTable(c, ns.get(), op.table());
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
            if (SUPERSEDING.contains(p.path("deltaType").asText())) {
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
        catalog.applyWrite(c, w, CatalogService.parseSchema(w.schemaJson()),
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
                && CatalogService.count(c, "SELECT COUNT(*) FROM data_files WHERE table_id = ?", t.id()) > 0) {
            throw new ConflictException("table '" + name(op) + "' has data now: its merge keys can change only while"
                    + " it is empty");
        }
        SchemaEvolution.Evolved evolved = p.path("schemaChanged").asBoolean()
                ? new SchemaEvolution.Evolved(CatalogService.parseSchema(p.path("schema").asText()),
                        p.path("lastFieldId").asInt(), layout(p))
                : null;
        // properties set by the transaction, over whatever others set meanwhile
        Map<String, String> props = new LinkedHashMap<>(t.properties());
        props.putAll(properties(p.path("setProperties")));
        catalog.applyAlter(c, t, new CatalogService.Altered(evolved, props), commitTime);
    }

    private TableRow liveTable(Connection c, Op op) throws SQLException {
        Optional<NsRow> ns = catalog.findNamespace(c, op.namespace());
        return (ns.isEmpty() ? Optional.<TableRow>empty() : catalog.findTable(c, ns.get(), op.table()))
                .orElseThrow(() -> new ConflictException("table '" + name(op) + "' was dropped by another commit"
                        + " after this transaction began"));
    }

    /** Fails when another commit wrote {@code t} after {@code start} (this commit's own deltas are at commitTime). */
    private static void requireUnchanged(Connection c, TableRow t, Op op, long start, long commitTime, String why)
            throws SQLException {
        long other = CatalogService.count(c, "SELECT COUNT(*) FROM deltas WHERE table_id = ? AND commit_time > ?"
                + " AND commit_time < ?", t.id(), start, commitTime);
        if (other > 0) {
            throw new ConflictException("table '" + name(op) + "' was written by another commit after this transaction"
                    + " began; " + why);
        }
    }

    private static String name(Op op) {
        return op.namespace() + "." + op.table();
    }

    private static void putLayout(ObjectNode p, Layout layout) {
        p.set("partitionKeys", Layout.partitionJson(layout.partitionKeys()));
        p.set("sortKeys", Layout.sortJson(layout.sortKeys()));
    }

    /** The layout stored in an operation's payload. */
    static Layout layout(JsonNode p) {
        return new Layout(Layout.partitionKeys(p.get("partitionKeys"), "partitionKeys"),
                Layout.sortKeys(p.get("sortKeys"), "sortKeys"));
    }

    static Map<String, String> properties(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n != null && n.isObject()) {
            n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }
}
