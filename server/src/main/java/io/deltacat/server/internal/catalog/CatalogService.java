package io.deltacat.server.internal.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.AlreadyExistsException;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.error.StorageException;
import io.deltacat.api.expr.ColumnRange;
import io.deltacat.api.expr.Literals;
import io.deltacat.api.expr.Predicate;
import io.deltacat.api.expr.PredicateCodec;
import io.deltacat.api.model.MergeKeys;
import io.deltacat.api.model.PartitionKey;
import io.deltacat.io.spi.Storage;
import io.deltacat.io.spi.StorageProvider;
import io.deltacat.server.internal.catalog.Model.AlterTable;
import io.deltacat.server.internal.catalog.Model.BeginWrite;
import io.deltacat.server.internal.catalog.Model.Commit;
import io.deltacat.server.internal.catalog.Model.CommitFile;
import io.deltacat.server.internal.catalog.Model.CommitResult;
import io.deltacat.server.internal.catalog.Model.CreateTable;
import io.deltacat.server.internal.catalog.Model.Namespace;
import io.deltacat.server.internal.catalog.Model.Plan;
import io.deltacat.server.internal.catalog.Model.PlanRequest;
import io.deltacat.server.internal.catalog.Model.PlannedFile;
import io.deltacat.server.internal.catalog.Model.StoredResponse;
import io.deltacat.server.internal.catalog.Model.Table;
import io.deltacat.server.internal.catalog.Model.WriteSession;
import io.deltacat.server.internal.catalog.Model.WriteStatus;
import io.deltacat.server.internal.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog: namespaces, tables, staged writes, commits and read plans, over the metadata
 * {@link Database} and the data root's {@link Storage}. Every operation is one transaction; commit,
 * abort and garbage collection additionally hold the database lock around their storage checks so
 * that a write's state and its staged files change together.
 */
public final class CatalogService {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogService.class);
    public static final String DEFAULT_NAMESPACE = "default";
    private static final long IDEMPOTENCY_TTL_NS = Duration.ofHours(24).toNanos();

    private final Database db;
    private final Path root;
    private final Clock clock;
    private final Duration stagingTtl;
    private final ObjectMapper json;
    private final Storage storage;
    private final TransactionService transactions;
    private final Duration supersededRetention;

    /** The default retention of superseded files: 7 days. */
    public static final Duration DEFAULT_SUPERSEDED_RETENTION = Duration.ofDays(7);

    public CatalogService(Database db, Path root, Clock clock, Duration stagingTtl, ObjectMapper json) {
        this(db, root, clock, stagingTtl, json, DEFAULT_SUPERSEDED_RETENTION);
    }

    /**
     * @param supersededRetention how long a data file superseded by a compaction or a replace stays
     *                            readable by time travel before maintenance deletes it
     */
    public CatalogService(Database db, Path root, Clock clock, Duration stagingTtl, ObjectMapper json,
                          Duration supersededRetention) {
        this.supersededRetention = supersededRetention;
        this.db = db;
        this.root = root.toAbsolutePath().normalize();
        this.clock = clock;
        this.stagingTtl = stagingTtl;
        this.json = json;
        this.storage = storageFor("file");
        this.transactions = new TransactionService(this, db, json);
    }

    /** The multi-table transactions over this catalog. */
    public TransactionService transactions() {
        return transactions;
    }

    private static Storage storageFor(String scheme) {
        for (StorageProvider p : ServiceLoader.load(StorageProvider.class, CatalogService.class.getClassLoader())) {
            if (p.supports(scheme)) {
                return p.create(Map.of());
            }
        }
        throw new IllegalStateException("no storage provider for scheme '" + scheme + "' on the module path");
    }

    /** The data root as a {@code file:} URI ending in '/'. */
    public String rootUri() {
        return dirUri(root);
    }

    private static String dirUri(Path dir) {
        String uri = dir.toUri().toString();
        return uri.endsWith("/") ? uri : uri + "/";
    }

    /** Now, in nanoseconds since the epoch, from the injected clock. */
    public long nowNs() {
        Instant i = clock.instant();
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    }

    // ---------------------------------------------------------------- namespaces

    /** Creates the "default" namespace when it does not exist. */
    public void ensureDefaultNamespace() throws SQLException {
        db.tx(c -> {
            if (findNamespace(c, DEFAULT_NAMESPACE).isEmpty()) {
                insertNamespace(c, DEFAULT_NAMESPACE, Map.of());
            }
            return null;
        });
    }

    public Namespace createNamespace(String name, Map<String, String> properties) throws SQLException {
        Names.check("namespace", name);
        return db.tx(c -> {
            if (findNamespace(c, name).isPresent()) {
                throw new AlreadyExistsException("namespace '" + name + "' already exists");
            }
            return insertNamespace(c, name, properties).ns();
        });
    }

    public List<Namespace> listNamespaces() throws SQLException {
        return db.tx(c -> {
            List<Namespace> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, properties, created_at FROM namespaces"
                    + " WHERE dropped_at IS NULL ORDER BY name")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(nsRow(rs).ns());
                    }
                }
            }
            return out;
        });
    }

    public Namespace getNamespace(String name) throws SQLException {
        Names.check("namespace", name);
        return db.tx(c -> requireNamespace(c, name).ns());
    }

    public void dropNamespace(String name, boolean cascade) throws SQLException {
        Names.check("namespace", name);
        db.tx(c -> {
            NsRow ns = requireNamespace(c, name);
            if (name.equals(DEFAULT_NAMESPACE)) {
                throw new ConflictException("the 'default' namespace cannot be dropped");
            }
            long live = count(c, "SELECT COUNT(*) FROM tables WHERE namespace_id = ? AND dropped_at IS NULL", ns.id());
            if (live > 0 && !cascade) {
                throw new ConflictException("namespace '" + name + "' is not empty (" + live
                        + " table(s)); drop its tables first or pass cascade=true");
            }
            long now = nextTime(c);
            update(c, "UPDATE tables SET dropped_at = ? WHERE namespace_id = ? AND dropped_at IS NULL", now, ns.id());
            update(c, "UPDATE namespaces SET dropped_at = ? WHERE id = ?", now, ns.id());
            return null;
        });
    }

    // ---------------------------------------------------------------- tables

    public Table createTable(String namespace, CreateTable req) throws SQLException {
        return createTable(namespace, req, null);
    }

    /** Creates a table now, or at the commit of transaction {@code transactionId} when it is not null. */
    public Table createTable(String namespace, CreateTable req, String transactionId) throws SQLException {
        Names.check("namespace", namespace);
        Names.check("table", req.name());
        Names.checkFormat(req.format());
        Schema schema = WriteModes.withMergeKeys(req.schema(), req.mergeKeys());
        WriteModes.checkProperties(req.properties());
        req.layout().check(req.schema());
        SchemaEvolution.checkProperties(req.properties());
        if (transactionId != null) {
            return db.tx(c -> transactions.createTable(c, transactionId, namespace, req, schema));
        }
        return db.tx(c -> {
            NsRow ns = findNamespace(c, namespace).orElse(null);
            if (ns == null) {
                if (!req.autoCreateNamespace()) {
                    throw namespaceNotFound(namespace);
                }
                ns = insertNamespace(c, namespace, Map.of());
            }
            if (findTable(c, ns, req.name()).isPresent()) {
                throw new AlreadyExistsException("table '" + namespace + "." + req.name() + "' already exists");
            }
            TableRow t = insertTable(c, ns, req.name(), schema, req.format(), req.properties(), nextTime(c),
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
            NsRow ns = requireNamespace(c, namespace);
            List<Table> out = new ArrayList<>();
            List<TableRow> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(TABLE_COLUMNS
                    + " WHERE namespace_id = ? AND dropped_at IS NULL ORDER BY name")) {
                ps.setLong(1, ns.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(tableRow(rs, ns.ns().name()));
                    }
                }
            }
            for (TableRow t : rows) {
                out.add(withStats(c, t));
            }
            return out;
        });
    }

    private List<Table> listTablesInTransaction(Connection c, String namespace, TransactionView view)
            throws SQLException {
        Optional<NsRow> ns = findNamespace(c, namespace);
        List<String> created = transactions.createdTables(view, namespace);
        if (ns.isEmpty() && created.isEmpty()) {
            throw namespaceNotFound(namespace);
        }
        Set<String> names = new java.util.TreeSet<>(created);
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
            Optional<TransactionService.Visible> v = transactions.visible(c, view, namespace, name);
            if (v.isPresent()) {
                out.add(visibleTable(c, namespace, name, v.get()));
            }
        }
        return out;
    }

    /** A table as a transaction sees it: the committed table's size (unless hidden) plus its prepared writes. */
    private Table visibleTable(Connection c, String namespace, String name, TransactionService.Visible v)
            throws SQLException {
        long rows = v.change().rows();
        long files = v.change().files();
        Long latest = null;
        long createdAt = nowNs();
        if (v.committed() != null) {
            Table committed = withStats(c, v.committed());
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
        return db.tx(c -> withStats(c, requireTable(c, requireNamespace(c, namespace), table)));
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
            TableRow t = requireTable(c, requireNamespace(c, namespace), table);
            update(c, "UPDATE tables SET dropped_at = ? WHERE id = ?", nextTime(c), t.id());
            return null;
        });
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
        if (transactionId != null) {
            return db.tx(c -> {
                transactions.alterTable(c, transactionId, namespace, table, req);
                return visibleTable(c, namespace, table, transactions.visible(c, transactions.view(c, transactionId),
                        namespace, table).orElseThrow());
            });
        }
        return db.tx(c -> {
            TableRow t = requireTable(c, requireNamespace(c, namespace), table);
            Altered a = altered(t.schema(), t.lastFieldId(), t.layout(), t.properties(), namespace + "." + table,
                    count(c, "SELECT COUNT(*) FROM data_files WHERE table_id = ?", t.id()) > 0, req);
            return withStats(c, applyAlter(c, t, a, nextTime(c)));
        });
    }

    /**
     * A table's state after an alter: its schema change (null for properties only) and its properties.
     */
    record Altered(SchemaEvolution.Evolved evolved, Map<String, String> properties) {
    }

    /** Checks an alter against a table's state and computes the result; changes nothing. */
    static Altered altered(Schema schema, int lastFieldId, Layout layout, Map<String, String> properties,
                           String name, boolean hasData, AlterTable req) {
        SchemaEvolution.Evolved evolved = null;
        if (!req.changes().isEmpty()) {
            if (SchemaEvolution.mode(properties).equals("disabled")) {
                throw new ConflictException("table '" + name + "' has " + SchemaEvolution.MODE_PROPERTY
                        + "=disabled: its schema cannot change");
            }
            evolved = SchemaEvolution.apply(schema, lastFieldId, layout, hasData, req.changes());
        }
        Map<String, String> props = new LinkedHashMap<>(properties);
        props.putAll(req.properties());
        return new Altered(evolved, props);
    }

    /** Stores an alter's result: a new schema version when the schema changed, and the properties. */
    TableRow applyAlter(Connection c, TableRow t, Altered a, long time) throws SQLException {
        if (a.evolved() != null) {
            t = evolve(c, t, a.evolved(), time);
        }
        if (!a.properties().equals(t.properties())) {
            update(c, "UPDATE tables SET properties = ? WHERE id = ?", toJson(a.properties()), t.id());
            t = new TableRow(t.id(), t.namespace(), t.name(), t.schema(), t.format(), a.properties(), t.createdAt(),
                    t.layout(), t.schemaVersion(), t.lastFieldId());
        }
        return t;
    }

    /** Stores a table's next schema version (with its layout, whose key columns may be renamed). */
    private TableRow evolve(Connection c, TableRow t, SchemaEvolution.Evolved e, long time) throws SQLException {
        if (t.schema().getFields().stream().anyMatch(f -> SchemaEvolution.fieldId(f) < 0)) {
            // a table from before field ids: its one schema version gets the ids the change just assigned
            // (in field order, as ensureIds does), so its files map to the new schema by id
            update(c, "UPDATE schema_versions SET schema_json = ? WHERE table_id = ? AND version = ?",
                    SchemaEvolution.ensureIds(t.schema(), t.lastFieldId(), t.layout()).schema().toJson(), t.id(),
                    t.schemaVersion());
        }
        int version = t.schemaVersion() + 1;
        update(c, "UPDATE tables SET schema_json = ?, partition_spec = ?, sort_spec = ?, schema_version = ?,"
                + " last_field_id = ? WHERE id = ?", e.schema().toJson(),
                Layout.partitionJson(e.layout().partitionKeys()).toString(),
                Layout.sortJson(e.layout().sortKeys()).toString(), version, e.lastFieldId(), t.id());
        update(c, "INSERT INTO schema_versions (table_id, version, schema_json, created_at) VALUES (?, ?, ?, ?)",
                t.id(), version, e.schema().toJson(), time);
        return new TableRow(t.id(), t.namespace(), t.name(), e.schema(), t.format(), t.properties(), t.createdAt(),
                e.layout(), version, e.lastFieldId());
    }

    // ---------------------------------------------------------------- writes

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
        String writeId = UUID.randomUUID().toString();
        Path staging = root.resolve(namespace).resolve(table).resolve("data").resolve(writeId);
        String stagingUri = dirUri(staging);
        WriteSession session = db.tx(c -> {
            NsRow ns = findNamespace(c, namespace).orElse(null);
            Optional<TransactionService.Visible> visible;
            if (transactionId != null) {
                visible = transactions.visible(c, transactions.view(c, transactionId), namespace, table);
            } else {
                visible = (ns == null ? Optional.<TableRow>empty() : findTable(c, ns, table))
                        .map(r -> new TransactionService.Visible(r, r.schema(), r.format(), r.properties(), r.layout(),
                                null));
            }
            String format = req.format();
            Schema schema = req.schema();
            Layout layout = req.layout();
            if (visible.isPresent()) {
                if (req.mode().equals("create")) {
                    throw new AlreadyExistsException("table '" + namespace + "." + table
                            + "' already exists (write mode 'create')");
                }
                checkWriteData(namespace, table, req.mode(), visible.get().schema(), req.schema(),
                        visible.get().properties());
                format = visible.get().format();
                layout = visible.get().layout();
            } else {
                // a table this write creates gets the merge keys and layout asked for
                schema = WriteModes.withMergeKeys(req.schema(), req.mergeKeys());
                layout.check(req.schema());
                SchemaEvolution.checkProperties(req.tableProperties());
                if (WriteModes.needsTable(req.mode())) {
                    throw new NotFoundException("table '" + namespace + "." + table + "' does not exist (write mode '"
                            + req.mode() + "' needs an existing table)");
                }
                if (ns == null && !req.autoCreateNamespace()) {
                    throw namespaceNotFound(namespace);
                }
            }
            long now = nowNs();
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
                ps.setString(7, toJson(req.tableProperties()));
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
                    visible.isPresent(), layout);
        });
        try {
            Files.createDirectories(staging);
        } catch (IOException e) {
            LOG.warn("could not create staging directory {}", staging, e);
        }
        return session;
    }

    public WriteStatus writeStatus(String writeId) throws SQLException {
        return db.tx(c -> {
            WriteRow w = requireWrite(c, writeId);
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
                WriteRow row = requireWrite(c, writeId);
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
            deleteStaging(w.stagingUri());
        } finally {
            db.lock().unlock();
        }
    }

    /**
     * Commits a staged write. When the table's {@code read_optimization_level} is {@code max}, the
     * table is then compacted before the answer (a second commit, of type {@code compacted}, that
     * supersedes exactly the positions it read, so a concurrent commit stays visible); should that
     * compaction fail, the write stays committed and reads merge on read.
     */
    public CommitResult commit(String writeId, Commit req) throws SQLException {
        boolean[] fresh = new boolean[1];
        CommitResult result = commitLocked(writeId, req, fresh);
        if (fresh[0]) {
            new Compactor(json).afterWrite(this, result.namespace(), result.table(), result.writeId());
        }
        return result;
    }

    private CommitResult commitLocked(String writeId, Commit req, boolean[] fresh) throws SQLException {
        db.lock().lock();
        try {
            WriteRow w = db.tx(c -> requireWrite(c, writeId));
            switch (w.state()) {
                case "committed":
                    if (w.commitId().equals(req.commitId())) {
                        return parseResult(w.commitResult());
                    }
                    throw new ConflictException("write '" + writeId + "' was already committed with another commitId");
                case "open":
                    break;
                default:
                    throw new ConflictException("write '" + writeId + "' is " + w.state() + " and cannot be committed");
            }
            if (nowNs() > w.expiresAt()) {
                int expired = db.tx(c -> update(c, "UPDATE writes SET state = 'expired' WHERE id = ? AND state = 'open'",
                        writeId));
                if (expired == 1) {
                    deleteStaging(w.stagingUri());
                }
                throw new ConflictException("write '" + writeId + "' expired before its commit");
            }
            if (preparedFor(writeId) != null) {
                throw new ConflictException("write '" + writeId + "' is prepared for job '" + preparedFor(writeId)
                        + "' and commits with that job's completion");
            }
            Verified v = verify(w, req);
            if (w.transactionId() != null) {
                // inside a transaction the commit only prepares the write; the transaction applies it
                return db.tx(c -> transactions.prepare(c, w, v.schema(), req, v.uris(), v.rows()));
            }
            CommitResult result = db.tx(c -> applyCommit(c, w, v.schema(), req, v.uris(), v.rows()));
            fresh[0] = true;
            notifyCommit(result.namespace(), result.table());
            return result;
        } finally {
            db.lock().unlock();
        }
    }

    private record Verified(Schema schema, List<String> uris, long rows) {
    }

    /** Checks a commit manifest against the write's schema and its staged files. */
    private Verified verify(WriteRow w, Commit req) {
        Schema dataSchema = parseSchema(w.schemaJson());
        Set<String> columnNames = dataSchema.getFields().stream().map(Field::getName).collect(Collectors.toSet());
        Set<String> seen = new HashSet<>();
        List<String> uris = new ArrayList<>();
        long rows = 0;
        for (CommitFile f : req.files()) {
            Names.checkFileName(f.path());
            Names.checkFormat(f.format());
            if (!seen.add(f.path())) {
                throw new InvalidRequestException("file '" + f.path() + "' is listed more than once");
            }
            if (f.columns() != null) {
                for (Iterator<String> it = f.columns().fieldNames(); it.hasNext(); ) {
                    String col = it.next();
                    if (!columnNames.contains(col)) {
                        throw new InvalidRequestException("file '" + f.path() + "' has statistics for unknown column '"
                                + col + "'");
                    }
                }
            }
            String uri = w.stagingUri() + encodeSegment(f.path());
            checkStaged(f, uri);
            uris.add(uri);
            rows = Math.addExact(rows, f.rowCount());
        }
        return new Verified(dataSchema, uris, rows);
    }

    private String preparedFor(String writeId) throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT prepared_job FROM writes WHERE id = ?")) {
                ps.setString(1, writeId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    // ---------------------------------------------------------------- commits made with a job's end

    /** Called after every commit of a write with the table's namespace and name (pipelines' event triggers). */
    public interface CommitListener {
        void committed(String namespace, String table);
    }

    private volatile CommitListener commitListener;

    /** Sets the one listener told about each committed write (after its transaction). */
    public void commitListener(CommitListener listener) {
        this.commitListener = listener;
    }

    void notifyCommit(String namespace, String table) {
        CommitListener l = commitListener;
        if (l != null) {
            try {
                l.committed(namespace, table);
            } catch (RuntimeException e) {
                LOG.warn("commit listener failed for {}.{}", namespace, table, e);
            }
        }
    }

    /** Checks a manifest of an open write (its files exist with their sizes, stats name known columns). */
    public void verifyManifest(String writeId, Commit req) throws SQLException {
        WriteRow w = db.tx(c -> requireWrite(c, writeId));
        if (!w.state().equals("open")) {
            throw new ConflictException("write '" + writeId + "' is " + w.state() + " and cannot be prepared");
        }
        if (w.transactionId() != null) {
            throw new ConflictException("write '" + writeId + "' belongs to transaction '" + w.transactionId()
                    + "' and commits with it");
        }
        verify(w, req);
    }

    /**
     * Commits an open write in the caller's transaction (a pipeline run's completion commits its sink
     * writes and ends the job in one transaction). The caller notifies listeners itself.
     */
    public CommitResult commitInTransaction(Connection c, String writeId, Commit req) throws SQLException {
        WriteRow w = requireWrite(c, writeId);
        if (!w.state().equals("open")) {
            throw new ConflictException("write '" + writeId + "' is " + w.state() + " and cannot be committed");
        }
        if (nowNs() > w.expiresAt()) {
            throw new ConflictException("write '" + writeId + "' expired before its commit");
        }
        Verified v = verify(w, req);
        return applyCommit(c, w, v.schema(), req, v.uris(), v.rows());
    }

    private void checkStaged(CommitFile f, String uri) {
        try {
            if (!storage.exists(uri)) {
                throw new InvalidRequestException("file '" + f.path() + "' does not exist under the staging prefix");
            }
            long size = storage.size(uri);
            if (size != f.sizeBytes()) {
                throw new InvalidRequestException("file '" + f.path() + "' has " + size + " bytes, not sizeBytes="
                        + f.sizeBytes());
            }
        } catch (IOException e) {
            throw new StorageException("cannot check staged file '" + f.path() + "'", e);
        }
    }

    private CommitResult applyCommit(Connection c, WriteRow w, Schema dataSchema, Commit req, List<String> uris,
                                     long rows) throws SQLException {
        long commitTime = nextTime(c);
        long commitRef = insertCommit(c, commitTime, w.id(), req.commitId());
        return applyWrite(c, w, dataSchema, req, uris, rows, commitTime, commitRef, "open");
    }

    /** Inserts the commit row of {@code commitTime}; returns its id. */
    long insertCommit(Connection c, long commitTime, String writeId, String clientCommitId) throws SQLException {
        long commitRef = nextId(c, "commits");
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO commits (id, commit_time, write_id, client_commit_id) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, commitRef);
            ps.setLong(2, commitTime);
            ps.setString(3, writeId);
            ps.setString(4, clientCommitId);
            ps.executeUpdate();
        }
        return commitRef;
    }

    /**
     * Applies one write as a delta of commit {@code commitRef} at {@code commitTime}, creating its
     * table (and namespace) when the write does, and marks the write committed if it is still in
     * {@code fromState} ('open' for a plain write, 'prepared' for one in a transaction).
     */
    CommitResult applyWrite(Connection c, WriteRow w, Schema dataSchema, Commit req, List<String> uris, long rows,
                            long commitTime, long commitRef, String fromState) throws SQLException {
        boolean tableCreated = false;
        List<Field> added = List.of();
        NsRow ns = findNamespace(c, w.namespace()).orElse(null);
        TableRow t = ns == null ? null : findTable(c, ns, w.table()).orElse(null);
        if (t == null) {
            if (WriteModes.needsTable(w.mode())) {
                throw new NotFoundException("table '" + w.namespace() + "." + w.table() + "' no longer exists");
            }
            if (ns == null) {
                if (!w.autoCreateNamespace()) {
                    throw namespaceNotFound(w.namespace());
                }
                ns = insertNamespace(c, w.namespace(), Map.of(), commitTime);
            }
            tableCreated = true;
        } else {
            if (w.mode().equals("create")) {
                throw new ConflictException("table '" + w.namespace() + "." + w.table()
                        + "' was created by another write after this 'create' write began");
            }
            added = checkWriteData(w.namespace(), w.table(), w.mode(), t.schema(), dataSchema, t.properties());
        }
        if (tableCreated) {
            // a table created by a commit exists from that commit on
            t = insertTable(c, ns, w.table(), dataSchema, w.format(), fromJson(w.tablePropertiesJson()), commitTime,
                    w.layout(this));
        } else if (!added.isEmpty()) {
            // schema_evolution_mode=auto: the new fields join the schema atomically with this commit
            t = evolve(c, t, SchemaEvolution.addFields(t.schema(), t.lastFieldId(), t.layout(), added), commitTime);
        }
        List<String> partitionValues = new ArrayList<>();
        for (CommitFile f : req.files()) {
            partitionValues.add(Partitioning.toJson(Partitioning.checkValues(f.path(), t.layout().partitionKeys(),
                    t.schema(), f.partitionValues(), f.columns(), f.rowCount())).toString());
        }
        String deltaType = WriteModes.deltaType(w.mode(), !MergeKeys.of(t.schema()).isEmpty());
        long position = count(c, "SELECT COALESCE(MAX(stream_position), 0) FROM data_files WHERE table_id = ?", t.id());
        long deltaId = nextId(c, "deltas");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO deltas (id, commit_ref, table_id, delta_type,"
                + " commit_time, compacted_through) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, deltaId);
            ps.setLong(2, commitRef);
            ps.setLong(3, t.id());
            ps.setString(4, deltaType);
            ps.setLong(5, commitTime);
            if (deltaType.equals("replace")) {
                // supersedes every file committed before it, like a compaction
                ps.setLong(6, position);
            } else {
                ps.setNull(6, Types.BIGINT);
            }
            ps.executeUpdate();
        }
        long fileId = nextIds(c, "data_files", Math.max(1, req.files().size()));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO data_files (id, delta_id, table_id, uri, format,"
                + " row_count, size_bytes, stream_position, stats, partition_values, schema_version)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < req.files().size(); i++) {
                CommitFile f = req.files().get(i);
                ps.setLong(1, fileId++);
                ps.setLong(2, deltaId);
                ps.setLong(3, t.id());
                ps.setString(4, uris.get(i));
                ps.setString(5, f.format());
                ps.setLong(6, f.rowCount());
                ps.setLong(7, f.sizeBytes());
                ps.setLong(8, ++position);
                if (f.columns() == null) {
                    ps.setNull(9, Types.VARCHAR);
                } else {
                    ps.setString(9, f.columns().toString());
                }
                if (t.layout().partitionKeys().isEmpty()) {
                    ps.setNull(10, Types.VARCHAR);
                } else {
                    ps.setString(10, partitionValues.get(i));
                }
                ps.setInt(11, t.schemaVersion());
                ps.executeUpdate();
            }
        }
        CommitResult result = new CommitResult(w.id(), req.commitId(), commitTime, w.namespace(), w.table(),
                deltaType, req.files().size(), rows, tableCreated);
        int changed = update(c, "UPDATE writes SET state = 'committed', client_commit_id = ?, commit_time = ?,"
                + " commit_result = ? WHERE id = ? AND state = ?", req.commitId(), commitTime, resultJson(result),
                w.id(), fromState);
        if (changed != 1) {
            // another server process committed, aborted or expired it meanwhile
            throw new ConflictException("write '" + w.id() + "' is no longer open");
        }
        return result;
    }

    // ---------------------------------------------------------------- compaction

    /** What a compaction reads: the table's live files up to stream position {@code through}. */
    public record CompactionInput(long tableId, String namespace, String table, Schema schema, String format,
                                  String dataPrefix, List<PlannedFile> files, long through) {
    }

    /** The live files of a table now, for compaction. */
    public CompactionInput compactionInput(String namespace, String table) throws SQLException {
        Names.check("namespace", namespace);
        Names.check("table", table);
        return db.tx(c -> {
            TableRow t = requireTable(c, requireNamespace(c, namespace), table);
            List<PlannedFile> files = new ArrayList<>();
            long through = 0;
            try (PreparedStatement ps = liveFiles(c, "f.uri, f.format, f.row_count, f.size_bytes, d.delta_type,"
                    + " f.stream_position, f.schema_version", t.id(), Long.MAX_VALUE)) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int version = Math.max(1, rs.getInt(7));
                        if (version != t.schemaVersion()) {
                            // the compactor copies batches as they are: it cannot yet adapt old schemas
                            // (not a conflict: the job runner reads ConflictException as a lost lease)
                            throw new InvalidRequestException("table '" + namespace + "." + table + "' has files of schema"
                                    + " version " + version + " and the schema is at version " + t.schemaVersion()
                                    + "; compaction across schema changes is not supported");
                        }
                        files.add(new PlannedFile(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                                rs.getString(5), rs.getLong(6), null, null, version));
                        through = Math.max(through, rs.getLong(6));
                    }
                }
            }
            String prefix = dirUri(root.resolve(namespace).resolve(table).resolve("data"));
            return new CompactionInput(t.id(), namespace, table, t.schema(), t.format(), prefix, files, through);
        });
    }

    /** One file a compaction wrote: its URI, size and statistics. */
    public record CompactedFile(String uri, long rowCount, long sizeBytes, ObjectNode columns) {
    }

    /**
     * Commits the files of a compaction as one delta of type {@code compacted} that supersedes every
     * file at or below {@code in.through()}, in the given connection's transaction (so a job can
     * end in the same one). Files committed after the compaction started keep their positions above
     * it and stay visible.
     *
     * @return the commit time
     * @throws ConflictException when the table was dropped, or another compaction covered this one
     */
    public long commitCompaction(Connection c, CompactionInput in, List<CompactedFile> files) throws SQLException {
        long commitTime = nextTime(c); // the clock row lock orders this with every other commit
        Long liveTable = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM tables WHERE id = ? AND dropped_at IS NULL")) {
            ps.setLong(1, in.tableId());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    liveTable = rs.getLong(1);
                }
            }
        }
        if (liveTable == null) {
            throw new ConflictException("table '" + in.namespace() + "." + in.table() + "' was dropped during compaction");
        }
        // a compaction or replace committed meanwhile already supersedes what this one read
        long covered = count(c, "SELECT COALESCE(MAX(compacted_through), -1) FROM deltas WHERE table_id = ?"
                + " AND delta_type IN ('compacted', 'replace')", in.tableId());
        if (covered >= in.through()) {
            throw new ConflictException("table '" + in.namespace() + "." + in.table()
                    + "' was compacted by another job (or replaced) meanwhile");
        }
        long commitRef = nextId(c, "commits");
        update(c, "INSERT INTO commits (id, commit_time, write_id, client_commit_id) VALUES (?, ?, ?, ?)",
                commitRef, commitTime, null, null);
        long deltaId = nextId(c, "deltas");
        update(c, "INSERT INTO deltas (id, commit_ref, table_id, delta_type, commit_time, compacted_through)"
                + " VALUES (?, ?, ?, 'compacted', ?, ?)", deltaId, commitRef, in.tableId(), commitTime, in.through());
        long position = count(c, "SELECT COALESCE(MAX(stream_position), 0) FROM data_files WHERE table_id = ?",
                in.tableId());
        long fileId = nextIds(c, "data_files", Math.max(1, files.size()));
        for (CompactedFile f : files) {
            update(c, "INSERT INTO data_files (id, delta_id, table_id, uri, format, row_count, size_bytes,"
                    + " stream_position, stats, schema_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    + " (SELECT schema_version FROM tables WHERE id = ?))", fileId++, deltaId, in.tableId(),
                    f.uri(), in.format(), f.rowCount(), f.sizeBytes(), ++position,
                    f.columns() == null ? null : f.columns().toString(), in.tableId());
        }
        return commitTime;
    }

    /** {@link #commitCompaction(Connection, CompactionInput, List)} in a transaction of its own. */
    public long commitCompaction(CompactionInput in, List<CompactedFile> files) throws SQLException {
        return db.tx(c -> commitCompaction(c, in, files));
    }

    // ---------------------------------------------------------------- plans

    public Plan plan(String namespace, String table, PlanRequest req) throws SQLException {
        return plan(namespace, table, req, null);
    }

    /**
     * The read plan of a table. Inside transaction {@code transactionId} (when not null) and without
     * {@code asOf}, it is the table as the transaction sees it: committed files plus its prepared
     * writes; with {@code asOf} it is exactly the committed state at that time, as outside.
     */
    public Plan plan(String namespace, String table, PlanRequest req, String transactionId) throws SQLException {
        Names.check("namespace", namespace);
        Names.check("table", table);
        Predicate parsed = req.filter() == null ? null : PredicateCodec.fromWire(req.filter());
        return db.tx(c -> {
            TransactionService.Visible visible = null;
            if (transactionId != null) {
                TransactionView view = transactions.view(c, transactionId);
                if (req.asOf() == null) {
                    visible = transactions.visible(c, view, namespace, table).orElseThrow(() ->
                            new NotFoundException("table '" + namespace + "." + table + "' does not exist"));
                }
            }
            TableRow t = visible == null ? requireTable(c, requireNamespace(c, namespace), table)
                    : visible.committed();
            long asOf = req.asOf() == null ? Long.MAX_VALUE : req.asOf();
            if (t != null && t.createdAt() > asOf) {
                throw new NotFoundException("table '" + namespace + "." + table + "' did not exist at asOf=" + asOf);
            }
            // the schema as of asOf: reads across schema changes see the table as it was
            Map<Integer, Schema> versions = new LinkedHashMap<>();
            int version;
            Schema schema;
            if (visible != null) {
                version = visible.schemaVersion();
                schema = visible.schema();
                // the schemas of the transaction's own alters, for its files prepared under them
                for (JsonNode alter : visible.change().alters()) {
                    versions.put(alter.path("version").asInt(), parseSchema(alter.path("schema").asText()));
                }
            } else {
                version = req.asOf() == null ? t.schemaVersion()
                        : (int) Math.max(1, count(c, "SELECT COALESCE(MAX(version), 1) FROM schema_versions"
                        + " WHERE table_id = ? AND created_at <= ?", t.id(), asOf));
                schema = version == t.schemaVersion() ? t.schema() : schemaVersion(c, t.id(), version, versions);
            }
            Map<String, Field> fields = new LinkedHashMap<>();
            schema.getFields().forEach(f -> fields.put(f.getName(), f));
            if (req.columns() != null) {
                List<String> unknown = req.columns().stream().filter(col -> !fields.containsKey(col)).toList();
                if (!unknown.isEmpty()) {
                    throw new InvalidRequestException("unknown column(s) " + unknown.stream().map(s -> "'" + s + "'")
                            .collect(Collectors.joining(", ")) + " in table '" + namespace + "." + table
                            + "'; its columns are " + fields.keySet());
                }
            }
            Predicate bound = parsed == null ? null : parsed.bind(schema);
            // merge-on-read: a file pruned by statistics could hold the newer version (or the delete)
            // of a key another file has; pruning is safe only by a filter on merge-key columns alone,
            // and a limit cannot cut the plan (later deltas may delete rows; a filter decides later)
            List<String> mergeKeys = MergeKeys.of(schema);
            boolean merging = !mergeKeys.isEmpty();
            Predicate pruning = merging && bound != null && !mergeKeys.containsAll(bound.columns()) ? null : bound;
            Long limit = merging || bound != null ? null : req.limit();
            List<PartitionKey> partitionKeys = t == null ? visible.layout().partitionKeys() : keysAsOf(t, schema);
            long snapshot = t == null ? 0 : count(c, "SELECT COALESCE(MAX(commit_time), 0) FROM deltas"
                    + " WHERE table_id = ? AND commit_time <= ?", t.id(), asOf);
            List<Object[]> rows = new ArrayList<>();
            long lastPosition = 0;
            if (t != null && (visible == null || !visible.change().hidesCommitted())) {
                try (PreparedStatement ps = liveFiles(c, "f.uri, f.format, f.row_count, f.size_bytes, d.delta_type,"
                        + " f.stream_position, f.stats, f.partition_values, f.schema_version, f.removed_at", t.id(),
                        asOf)) {
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rs.getLong(10);
                            if (!rs.wasNull()) {
                                throw new NotFoundException("the state of table '" + namespace + "." + table
                                        + "' at asOf=" + asOf + " is no longer available: its files were superseded"
                                        + " and removed after the retention window");
                            }
                            rows.add(new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                                    rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8),
                                    Math.max(1, rs.getInt(9))});
                            lastPosition = Math.max(lastPosition, rs.getLong(6));
                        }
                    }
                }
            }
            if (visible != null) {
                // the transaction's prepared files, written with the schema it sees
                for (PlannedFile f : visible.change().plannedFiles(lastPosition, version)) {
                    rows.add(new Object[] {f.uri(), f.format(), f.rowCount(), f.sizeBytes(), f.deltaType(),
                            f.streamPosition(), f.columns() == null ? null : f.columns().toString(),
                            f.partitionValues() == null ? null : f.partitionValues().toString(), f.schemaVersion()});
                }
            }
            List<PlannedFile> files = new ArrayList<>();
            Map<Integer, Schema> fileSchemas = new LinkedHashMap<>();
            long total = 0;
            long covered = 0;
            boolean limitReached = false;
            for (Object[] r : rows) {
                total++;
                if (limitReached) {
                    continue;
                }
                String statsJson = (String) r[6];
                ObjectNode stats = statsJson == null ? null : (ObjectNode) readTree(statsJson);
                JsonNode partition = readTreeOrNull((String) r[7]);
                long rowCount = (Long) r[2];
                int fileVersion = (Integer) r[8];
                Schema fileSchema = fileVersion == version ? schema : schemaVersion(c, t.id(), fileVersion, versions);
                if (pruning != null && !Partitioning.mightMatch(pruning, partitionKeys, fields, partition, rowCount)) {
                    continue;
                }
                if (pruning != null
                        && !pruning.mightMatch(col -> range(fields.get(col), fileSchema, stats, rowCount))) {
                    continue;
                }
                fileSchemas.put(fileVersion, fileSchema);
                files.add(new PlannedFile((String) r[0], (String) r[1], rowCount, (Long) r[3], (String) r[4],
                        (Long) r[5], stats, partition, fileVersion));
                covered += rowCount;
                if (limit != null && covered >= limit) {
                    limitReached = true;
                }
            }
            if (limit != null && limit == 0) {
                files.clear();
                fileSchemas.clear();
            }
            return new Plan(namespace, table, schema, snapshot, files, total, fileSchemas);
        });
    }

    /**
     * The partition keys under the column names of {@code schema} (the schema read, maybe as of an
     * earlier version): a key's column is found by field id, so keys follow renames back in time.
     */
    private static List<PartitionKey> keysAsOf(TableRow t, Schema schema) {
        List<PartitionKey> out = new ArrayList<>();
        for (PartitionKey k : t.layout().partitionKeys()) {
            Field current = t.schema().getFields().stream().filter(f -> f.getName().equals(k.column())).findFirst()
                    .orElse(null);
            int id = current == null ? -1 : SchemaEvolution.fieldId(current);
            String name = k.column();
            if (id >= 0) {
                name = schema.getFields().stream().filter(f -> SchemaEvolution.fieldId(f) == id).map(Field::getName)
                        .findFirst().orElse("");
            }
            // an empty name matches no column: that key then proves nothing
            out.add(new PartitionKey(name, k.transform(), k.parameter()));
        }
        return out;
    }

    /** The schemas of the given versions of a live table, by version. */
    public Map<Integer, Schema> schemaVersions(String namespace, String table, java.util.Collection<Integer> versions)
            throws SQLException {
        return db.tx(c -> {
            TableRow t = requireTable(c, requireNamespace(c, namespace), table);
            Map<Integer, Schema> out = new LinkedHashMap<>();
            for (int v : versions) {
                out.put(v, v == t.schemaVersion() ? t.schema() : schemaVersion(c, t.id(), v, out));
            }
            return out;
        });
    }

    /** The table's schema of {@code version}, cached in {@code cache}. */
    private Schema schemaVersion(Connection c, long tableId, int version, Map<Integer, Schema> cache)
            throws SQLException {
        Schema cached = cache.get(version);
        if (cached != null) {
            return cached;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT schema_json FROM schema_versions WHERE table_id = ? AND version = ?")) {
            ps.setLong(1, tableId);
            ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("schema version " + version + " of table " + tableId + " is missing");
                }
                Schema s = parseSchema(rs.getString(1));
                cache.put(version, s);
                return s;
            }
        }
    }

    /**
     * What a file's statistics say about a column of the schema being read: the file's column of the
     * same field id (its name may differ after a rename), or nothing known when the file lacks it.
     */
    private ColumnRange range(Field field, Schema fileSchema, ObjectNode stats, long rowCount) {
        if (field == null) {
            return ColumnRange.UNKNOWN;
        }
        int id = SchemaEvolution.fieldId(field);
        String name = field.getName();
        if (id >= 0) {
            name = null;
            for (Field f : fileSchema.getFields()) {
                if (SchemaEvolution.fieldId(f) == id) {
                    name = f.getName();
                }
            }
        }
        if (name == null || stats == null || !stats.has(name) || !stats.get(name).isObject()) {
            return ColumnRange.UNKNOWN;
        }
        JsonNode s = stats.get(name);
        try {
            Object min = s.hasNonNull("min") ? Literals.normalize(field.getName(), field.getType(), plain(s.get("min"))) : null;
            Object max = s.hasNonNull("max") ? Literals.normalize(field.getName(), field.getType(), plain(s.get("max"))) : null;
            long nulls = s.has("nullCount") ? s.get("nullCount").asLong(-1) : -1;
            return new ColumnRange(min, max, nulls, rowCount);
        } catch (RuntimeException e) {
            return ColumnRange.UNKNOWN;
        }
    }

    /** A JSON value as a plain Java value ({@link Map}, {@link List}, String, Long, Double, ...). */
    public static Object plain(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
        }
        if (n.isBigDecimal()) {
            return n.decimalValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>();
            n.forEach(e -> out.add(plain(e)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        n.properties().forEach(e -> out.put(e.getKey(), plain(e.getValue())));
        return out;
    }

    // ---------------------------------------------------------------- maintenance

    /**
     * Expires open writes past their deadline (deleting their staged files) and forgets idempotency
     * answers older than 24 hours. Returns the number of writes expired.
     */
    public int collectGarbage() throws SQLException {
        db.lock().lock();
        try {
            long now = nowNs();
            List<String[]> expired = db.tx(c -> {
                List<String[]> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT id, staging_uri FROM writes WHERE state = 'open' AND expires_at < ?")) {
                    ps.setLong(1, now);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new String[] {rs.getString(1), rs.getString(2)});
                        }
                    }
                }
                // only those still open when updated (another replica may have committed one meanwhile)
                List<String[]> expiredNow = new ArrayList<>();
                for (String[] w : out) {
                    if (update(c, "UPDATE writes SET state = 'expired' WHERE id = ? AND state = 'open'", w[0]) == 1) {
                        expiredNow.add(w);
                    }
                }
                out = expiredNow;
                update(c, "DELETE FROM idempotency WHERE created_at < ?", now - IDEMPOTENCY_TTL_NS);
                return out;
            });
            transactions.expire();
            for (String[] w : expired) {
                LOG.info("expired abandoned write {}", w[0]);
                deleteStaging(w[1]);
            }
            return expired.size();
        } finally {
            db.lock().unlock();
        }
    }

    /**
     * Deletes the data files that no snapshot within the retention window needs (see
     * {@link SupersededFiles}).
     *
     * @return the number of files removed
     */
    public int collectSupersededFiles() throws SQLException {
        long now = nowNs();
        return new SupersededFiles(db, storage, now - supersededRetention.toNanos()).collect(now);
    }

    void deleteStaging(String uri) {
        try {
            storage.deletePrefix(uri);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete staged files under {}", uri, e);
        }
    }

    // ---------------------------------------------------------------- idempotency

    /** How long an in-flight reservation of an idempotency key holds before another request may take it over. */
    private static final long IN_FLIGHT_STALE_NS = Duration.ofSeconds(30).toNanos();

    /**
     * Reserves an idempotency key for one execution, or returns the answer stored for it. A key
     * reserved by a request still running (in this or another server process sharing the database)
     * is waited for, so a resend never runs the operation twice. The reservation is a row with status
     * 0; {@link #storeResponse} fills it in and {@link #releaseKey} drops it (for a 5xx).
     */
    public Optional<StoredResponse> reserveOrReplay(String key, String method, String path) throws SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Optional<StoredResponse> r = db.tx(c -> {
                long now = nowNs();
                try (PreparedStatement ps = c.prepareStatement("SELECT status, content_type, body, created_at FROM"
                        + " idempotency WHERE idem_key = ? AND method = ? AND path = ?")) {
                    ps.setString(1, key);
                    ps.setString(2, method);
                    ps.setString(3, path);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            int status = rs.getInt(1);
                            long created = rs.getLong(4);
                            if (status > 0 && created >= now - IDEMPOTENCY_TTL_NS) {
                                return Optional.of(new StoredResponse(status, rs.getString(2),
                                        rs.getString(3).getBytes(StandardCharsets.UTF_8)));
                            }
                            if (status == 0 && created >= now - IN_FLIGHT_STALE_NS) {
                                return null; // in flight elsewhere: wait
                            }
                        }
                    }
                }
                // only what we judged above: an expired answer or a stale reservation (never a fresh
                // reservation another replica committed since our SELECT)
                update(c, "DELETE FROM idempotency WHERE idem_key = ? AND method = ? AND path = ? AND ((status > 0"
                        + " AND created_at < ?) OR (status = 0 AND created_at < ?))", key, method, path,
                        now - IDEMPOTENCY_TTL_NS, now - IN_FLIGHT_STALE_NS);
                // a concurrent reservation makes this insert fail with a unique violation; the
                // transaction is then re-run (PostgreSQL) and finds the other reservation
                update(c, "INSERT INTO idempotency (idem_key, method, path, status, content_type, body, created_at)"
                        + " VALUES (?, ?, ?, 0, NULL, '', ?)", key, method, path, now);
                return Optional.<StoredResponse>empty();
            });
            if (r != null) {
                return r;
            }
            if (System.nanoTime() > deadline) {
                throw new ConflictException("a request with Idempotency-Key '" + key + "' is still being processed");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for idempotency key " + key, e);
            }
        }
    }

    /** Stores the answer for a reserved key. */
    public void storeResponse(String key, String method, String path, StoredResponse r) throws SQLException {
        db.tx(c -> {
            update(c, "DELETE FROM idempotency WHERE idem_key = ? AND method = ? AND path = ?", key, method, path);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO idempotency (idem_key, method, path, status,"
                    + " content_type, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, key);
                ps.setString(2, method);
                ps.setString(3, path);
                ps.setInt(4, r.status());
                ps.setString(5, r.contentType());
                ps.setString(6, new String(r.body(), StandardCharsets.UTF_8));
                ps.setLong(7, nowNs());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Drops the reservation of a key whose request failed with a 5xx (never stored). */
    public void releaseKey(String key, String method, String path) throws SQLException {
        db.tx(c -> update(c, "DELETE FROM idempotency WHERE idem_key = ? AND method = ? AND path = ? AND status = 0",
                key, method, path));
    }

    // ---------------------------------------------------------------- schema checks

    /**
     * The write-mode rules and the schema-evolution rules for a write's data: a {@code delete} write
     * carries at least the merge keys; any other write carries the table's columns (and, under
     * {@code schema_evolution_mode=auto}, new ones, returned as the fields it adds).
     */
    static List<Field> checkWriteData(String namespace, String table, String mode, Schema tableSchema, Schema data,
                                      Map<String, String> properties) {
        if (mode.equals("delete")) {
            WriteModes.checkData(namespace, table, mode, tableSchema, data);
            return List.of();
        }
        WriteModes.requireMergeKeys(namespace, table, mode, tableSchema);
        return SchemaEvolution.checkWrite(tableSchema, data, properties);
    }

    /**
     * Checks that data of {@code data}'s schema can go into a table of {@code table}'s schema: the
     * same field names in the same order with equal Arrow types; a non-nullable data field may go
     * into a nullable table field.
     */
    static void checkSchema(Schema table, Schema data) {
        List<Field> tf = table.getFields();
        List<Field> df = data.getFields();
        for (int i = 0; i < Math.max(tf.size(), df.size()); i++) {
            if (i >= df.size()) {
                throw new InvalidRequestException("schema mismatch: the data lacks table column '" + tf.get(i).getName()
                        + "' (" + typeName(tf.get(i)) + ") at position " + (i + 1));
            }
            if (i >= tf.size()) {
                throw new InvalidRequestException("schema mismatch: data column '" + df.get(i).getName()
                        + "' (" + typeName(df.get(i)) + ") is not in the table schema");
            }
            checkField(tf.get(i), df.get(i), tf.get(i).getName());
        }
    }

    private static void checkField(Field t, Field d, String path) {
        if (!t.getName().equals(d.getName())) {
            throw new InvalidRequestException("schema mismatch at column '" + path + "': the data has column '"
                    + d.getName() + "' (" + typeName(d) + ") where the table has '" + t.getName() + "' (" + typeName(t) + ")");
        }
        if (!t.getType().equals(d.getType()) || t.getChildren().size() != d.getChildren().size()) {
            throw new InvalidRequestException("schema mismatch at column '" + path + "': data type " + typeName(d)
                    + " does not match table type " + typeName(t));
        }
        if (!t.isNullable() && d.isNullable()) {
            throw new InvalidRequestException("schema mismatch at column '" + path + "': the data column is nullable"
                    + " but the table column (" + typeName(t) + ") is not");
        }
        for (int i = 0; i < t.getChildren().size(); i++) {
            checkField(t.getChildren().get(i), d.getChildren().get(i), path + "." + t.getChildren().get(i).getName());
        }
    }

    private static String typeName(Field f) {
        return Literals.typeName(f.getType());
    }

    // ---------------------------------------------------------------- rows and helpers

    record NsRow(long id, Namespace ns) {
    }

    record TableRow(long id, String namespace, String name, Schema schema, String format,
                    Map<String, String> properties, long createdAt, Layout layout, int schemaVersion,
                    int lastFieldId) {
        Table toTable(Long latest, long rows, long files) {
            return new Table(namespace, name, schema, format, properties, createdAt, latest, rows, files, layout,
                    schemaVersion);
        }
    }

    /** A staged write; {@code transactionId} is null outside a transaction. */
    record WriteRow(String id, String namespace, String table, String mode, String format, String schemaJson,
                    String tablePropertiesJson, boolean autoCreateNamespace, String stagingUri, String state,
                    long createdAt, long expiresAt, String commitId, Long commitTime, String commitResult,
                    String transactionId, String partitionSpec, String sortSpec) {
        /** The layout a table created by this write gets. */
        Layout layout(CatalogService s) {
            return new Layout(Layout.partitionKeys(s.readTreeOrNull(partitionSpec), "partition_spec"),
                    Layout.sortKeys(s.readTreeOrNull(sortSpec), "sort_spec"));
        }
    }

    private static final String TABLE_COLUMNS =
            "SELECT id, name, schema_json, format, properties, created_at, partition_spec, sort_spec, schema_version,"
            + " last_field_id FROM tables";

    private NsRow nsRow(ResultSet rs) throws SQLException {
        return new NsRow(rs.getLong(1), new Namespace(rs.getString(2), fromJson(rs.getString(3)), rs.getLong(4)));
    }

    private TableRow tableRow(ResultSet rs, String namespace) throws SQLException {
        Layout layout = new Layout(Layout.partitionKeys(readTreeOrNull(rs.getString(7)), "partition_spec"),
                Layout.sortKeys(readTreeOrNull(rs.getString(8)), "sort_spec"));
        return new TableRow(rs.getLong(1), namespace, rs.getString(2), parseSchema(rs.getString(3)), rs.getString(4),
                fromJson(rs.getString(5)), rs.getLong(6), layout, Math.max(1, rs.getInt(9)), rs.getInt(10));
    }

    Optional<NsRow> findNamespace(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, properties, created_at FROM namespaces"
                + " WHERE name = ? AND dropped_at IS NULL")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(nsRow(rs)) : Optional.empty();
            }
        }
    }

    NsRow requireNamespace(Connection c, String name) throws SQLException {
        return findNamespace(c, name).orElseThrow(() -> namespaceNotFound(name));
    }

    static NotFoundException namespaceNotFound(String name) {
        return new NotFoundException("namespace '" + name + "' does not exist");
    }

    Optional<TableRow> findTable(Connection c, NsRow ns, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TABLE_COLUMNS
                + " WHERE namespace_id = ? AND name = ? AND dropped_at IS NULL")) {
            ps.setLong(1, ns.id());
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(tableRow(rs, ns.ns().name())) : Optional.empty();
            }
        }
    }

    TableRow requireTable(Connection c, NsRow ns, String name) throws SQLException {
        return findTable(c, ns, name).orElseThrow(() ->
                new NotFoundException("table '" + ns.ns().name() + "." + name + "' does not exist"));
    }

    /**
     * The live files of a table as of {@code asOf}, in read (reconciliation) order: when a superseding
     * delta ({@code compacted} or {@code replace}) is the newest such at {@code asOf}, its files first,
     * then the files of later-positioned other deltas (those committed while a compaction ran, or
     * after the replace); otherwise every delta's files in stream order. The caller executes and
     * closes the statement.
     */
    PreparedStatement liveFiles(Connection c, String columns, long tableId, long asOf) throws SQLException {
        long compactedDelta = -1;
        long through = -1;
        try (PreparedStatement ps = c.prepareStatement("SELECT id, compacted_through FROM deltas WHERE table_id = ?"
                + " AND delta_type IN ('compacted', 'replace') AND commit_time <= ? ORDER BY commit_time DESC LIMIT 1")) {
            ps.setLong(1, tableId);
            ps.setLong(2, asOf);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    compactedDelta = rs.getLong(1);
                    through = rs.getLong(2);
                }
            }
        }
        PreparedStatement ps = c.prepareStatement("SELECT " + columns + " FROM data_files f JOIN deltas d"
                + " ON f.delta_id = d.id WHERE f.table_id = ? AND d.commit_time <= ? AND (d.id = ?"
                + " OR (d.delta_type NOT IN ('compacted', 'replace') AND f.stream_position > ?))"
                + " ORDER BY CASE WHEN d.id = ? THEN 0 ELSE 1 END, f.stream_position");
        ps.setLong(1, tableId);
        ps.setLong(2, asOf);
        ps.setLong(3, compactedDelta);
        ps.setLong(4, through);
        ps.setLong(5, compactedDelta);
        return ps;
    }

    Table withStats(Connection c, TableRow t) throws SQLException {
        try (PreparedStatement ps = liveFiles(c, "f.row_count", t.id(), Long.MAX_VALUE)) {
            try (ResultSet rs = ps.executeQuery()) {
                long rows = 0;
                long files = 0;
                while (rs.next()) {
                    rows += rs.getLong(1);
                    files++;
                }
                long latest = count(c, "SELECT COALESCE(MAX(commit_time), 0) FROM deltas WHERE table_id = ?", t.id());
                return t.toTable(latest == 0 ? null : latest, rows, files);
            }
        }
    }

    Optional<WriteRow> findWrite(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, namespace, table_name, mode, format, schema_json,"
                + " table_properties, auto_create_namespace, staging_uri, state, created_at, expires_at,"
                + " client_commit_id, commit_time, commit_result, transaction_id, partition_spec, sort_spec FROM writes"
                + " WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long ct = rs.getLong(14);
                Long commitTime = rs.wasNull() ? null : ct;
                return Optional.of(new WriteRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8) != 0, rs.getString(9),
                        rs.getString(10), rs.getLong(11), rs.getLong(12), rs.getString(13), commitTime,
                        rs.getString(15), rs.getString(16), rs.getString(17), rs.getString(18)));
            }
        }
    }

    WriteRow requireWrite(Connection c, String id) throws SQLException {
        return findWrite(c, id).orElseThrow(() -> new NotFoundException("write '" + id + "' does not exist"));
    }

    private NsRow insertNamespace(Connection c, String name, Map<String, String> properties) throws SQLException {
        return insertNamespace(c, name, properties, nextTime(c));
    }

    NsRow insertNamespace(Connection c, String name, Map<String, String> properties, long now) throws SQLException {
        long id = nextId(c, "namespaces");
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO namespaces (id, name, properties, created_at) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, name);
            ps.setString(3, toJson(properties));
            ps.setLong(4, now);
            ps.executeUpdate();
        }
        return new NsRow(id, new Namespace(name, properties, now));
    }

    TableRow insertTable(Connection c, NsRow ns, String name, Schema requested, String format,
                         Map<String, String> properties, long now, Layout layout) throws SQLException {
        long id = nextId(c, "tables");
        SchemaEvolution.Evolved e = SchemaEvolution.assignIds(requested, layout);
        Schema schema = e.schema();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO tables (id, namespace_id, name, schema_json, format,"
                + " properties, created_at, partition_spec, sort_spec, schema_version, last_field_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)")) {
            ps.setLong(1, id);
            ps.setLong(2, ns.id());
            ps.setString(3, name);
            ps.setString(4, schema.toJson());
            ps.setString(5, format);
            ps.setString(6, toJson(properties));
            ps.setLong(7, now);
            ps.setString(8, Layout.partitionJson(layout.partitionKeys()).toString());
            ps.setString(9, Layout.sortJson(layout.sortKeys()).toString());
            ps.setInt(10, e.lastFieldId());
            ps.executeUpdate();
        }
        update(c, "INSERT INTO schema_versions (table_id, version, schema_json, created_at) VALUES (?, 1, ?, ?)",
                id, schema.toJson(), now);
        return new TableRow(id, ns.ns().name(), name, schema, format, properties, now, layout, 1, e.lastFieldId());
    }

    /** The next catalog timestamp: max(now, last + 1), strictly increasing across the server. */
    public long nextTime(Connection c) throws SQLException {
        // one statement: on PostgreSQL the row lock orders every replica's commits
        try (PreparedStatement ps = c.prepareStatement("UPDATE clock SET last_ns = " + db.dialect().greatest()
                + "(last_ns + 1, ?) WHERE id = 1 RETURNING last_ns")) {
            ps.setLong(1, nowNs());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The next id of {@code table}, from its counter row (locked until the transaction ends). */
    static long nextId(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE id_counters SET last_id = last_id + 1 WHERE name = ? RETURNING last_id")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no id counter for " + table);
                }
                return rs.getLong(1);
            }
        }
    }

    /** Reserves {@code n} consecutive ids of {@code table}; returns the first. */
    static long nextIds(Connection c, String table, int n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE id_counters SET last_id = last_id + ? WHERE name = ? RETURNING last_id")) {
            ps.setLong(1, n);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no id counter for " + table);
                }
                return rs.getLong(1) - n + 1;
            }
        }
    }

    static long count(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    String toJson(Map<String, String> properties) {
        ObjectNode n = json.createObjectNode();
        if (properties != null) {
            properties.forEach(n::put);
        }
        return n.toString();
    }

    Map<String, String> fromJson(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        readTree(s).properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    JsonNode readTreeOrNull(String s) {
        return s == null ? null : readTree(s);
    }

    JsonNode readTree(String s) {
        try {
            return json.readTree(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON in the metadata database", e);
        }
    }

    static Schema parseSchema(String s) {
        try {
            return Schema.fromJSON(s);
        } catch (IOException e) {
            throw new IllegalStateException("corrupt schema in the metadata database", e);
        }
    }

    String resultJson(CommitResult r) {
        ObjectNode n = json.createObjectNode();
        n.put("writeId", r.writeId());
        n.put("commitId", r.commitId());
        n.put("commitTime", r.commitTime());
        n.put("namespace", r.namespace());
        n.put("table", r.table());
        n.put("deltaType", r.deltaType());
        n.put("fileCount", r.fileCount());
        n.put("rowCount", r.rowCount());
        n.put("tableCreated", r.tableCreated());
        return n.toString();
    }

    CommitResult parseResult(String s) {
        JsonNode n = readTree(s);
        return new CommitResult(n.get("writeId").asText(), n.get("commitId").asText(), n.get("commitTime").asLong(),
                n.get("namespace").asText(), n.get("table").asText(), n.get("deltaType").asText(),
                n.get("fileCount").asLong(), n.get("rowCount").asLong(), n.get("tableCreated").asBoolean());
    }

    /** Percent-encodes one path segment per RFC 3986 (unreserved characters stay). */
    static String encodeSegment(String s) {
        StringBuilder b = new StringBuilder();
        for (byte by : s.getBytes(StandardCharsets.UTF_8)) {
            int ch = by & 0xff;
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                    || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
                b.append((char) ch);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(ch >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(ch & 0xf, 16)));
            }
        }
        return b.toString();
    }
}
