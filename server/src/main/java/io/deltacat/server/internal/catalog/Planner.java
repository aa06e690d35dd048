package io.deltacat.server.internal.catalog;

import static io.deltacat.server.internal.store.Sql.count;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.expr.ColumnRange;
import io.deltacat.api.expr.Literals;
import io.deltacat.api.expr.Predicate;
import io.deltacat.api.expr.PredicateCodec;
import io.deltacat.api.model.MergeKeys;
import io.deltacat.api.model.PartitionKey;
import io.deltacat.server.internal.catalog.Model.Plan;
import io.deltacat.server.internal.catalog.Model.PlanRequest;
import io.deltacat.server.internal.catalog.Model.PlannedFile;
import io.deltacat.server.internal.catalog.Rows.TableRow;
import io.deltacat.server.internal.store.Database;
import io.deltacat.server.internal.store.StoredJson;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Read plans: a table's live files as of a time (or as a transaction sees it), with the schema of
 * that time, pruned by partition values and column statistics where that cannot change the answer.
 */
public final class Planner {
    private final CatalogStore store;
    private final Database db;
    private final TransactionOps transactions;

    Planner(CatalogStore store, TransactionOps transactions) {
        this.store = store;
        this.db = store.db();
        this.transactions = transactions;
    }

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
            TransactionOps.Visible visible = null;
            if (transactionId != null) {
                TransactionView view = transactions.view(c, transactionId);
                if (req.asOf() == null) {
                    visible = transactions.visible(c, view, namespace, table).orElseThrow(() ->
                            new NotFoundException("table '" + namespace + "." + table + "' does not exist"));
                }
            }
            TableRow t = visible == null ? store.requireTable(c, store.requireNamespace(c, namespace), table)
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
                    versions.put(alter.path("version").asInt(), StoredJson.readSchema(alter.path("schema").asText()));
                }
            } else {
                version = req.asOf() == null ? t.schemaVersion()
                        : (int) Math.max(1, count(c, "SELECT COALESCE(MAX(version), 1) FROM schema_versions"
                        + " WHERE table_id = ? AND created_at <= ?", t.id(), asOf));
                schema = version == t.schemaVersion() ? t.schema() : store.schemaVersion(c, t.id(), version, versions);
            }
            Map<String, Field> fields = new LinkedHashMap<>();
            schema.getFields().forEach(f -> fields.put(f.getName(), f));
            if (req.columns() != null) {
                // a projection names each column once: the reader would otherwise build a batch with
                // two vectors of one name, which Arrow and every reader downstream resolve ambiguously
                Set<String> seen = new HashSet<>();
                List<String> repeated = req.columns().stream().filter(col -> !seen.add(col)).distinct().toList();
                if (!repeated.isEmpty()) {
                    throw new InvalidRequestException("column(s) " + repeated.stream().map(s -> "'" + s + "'")
                            .collect(Collectors.joining(", ")) + " named more than once in the plan's columns "
                            + req.columns());
                }
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
                try (PreparedStatement ps = store.liveFiles(c, "f.uri, f.format, f.row_count, f.size_bytes, d.delta_type,"
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
                ObjectNode stats = statsJson == null ? null : (ObjectNode) StoredJson.readTree(statsJson);
                JsonNode partition = StoredJson.readTreeOrNull((String) r[7]);
                long rowCount = (Long) r[2];
                int fileVersion = (Integer) r[8];
                Schema fileSchema = fileVersion == version ? schema : store.schemaVersion(c, t.id(), fileVersion, versions);
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
            if (req.root() != null && t != null) {
                files = Replicas.preferRoot(c, store.roots(), t.id(), req.root(), files);
            }
            String manifest = t == null || snapshot == 0 ? null : LayoutManifests.asOf(c, t.id(), asOf);
            return new Plan(namespace, table, schema, snapshot, files, total, fileSchemas, manifest);
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
    public Map<Integer, Schema> schemaVersions(String namespace, String table, Collection<Integer> versions)
            throws SQLException {
        return db.tx(c -> {
            TableRow t = store.requireTable(c, store.requireNamespace(c, namespace), table);
            Map<Integer, Schema> out = new LinkedHashMap<>();
            for (int v : versions) {
                out.put(v, v == t.schemaVersion() ? t.schema() : store.schemaVersion(c, t.id(), v, out));
            }
            return out;
        });
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
            Object min = s.hasNonNull("min") ? Literals.normalize(field.getName(), field.getType(), StoredJson.plain(s.get("min"))) : null;
            Object max = s.hasNonNull("max") ? Literals.normalize(field.getName(), field.getType(), StoredJson.plain(s.get("max"))) : null;
            long nulls = s.has("nullCount") ? s.get("nullCount").asLong(-1) : -1;
            return new ColumnRange(min, max, nulls, rowCount);
        } catch (RuntimeException e) {
            return ColumnRange.UNKNOWN;
        }
    }
}
