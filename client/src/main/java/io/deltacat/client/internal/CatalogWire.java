package io.deltacat.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.deltacat.api.error.ServerException;
import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.model.CatalogInfo;
import io.deltacat.api.model.ColumnStats;
import io.deltacat.api.model.DataFile;
import io.deltacat.api.model.NamespaceInfo;
import io.deltacat.api.model.PartitionKey;
import io.deltacat.api.model.ReadPlan;
import io.deltacat.api.model.ServerInfo;
import io.deltacat.api.model.SortKey;
import io.deltacat.api.model.TableInfo;
import io.deltacat.api.model.WriteState;
import io.deltacat.api.model.WriteStatus;
import io.deltacat.api.options.AlterTableOptions;
import io.deltacat.wire.WireJson;
import io.deltacat.wire.catalog.PartitionKeyTransform;
import io.deltacat.wire.catalog.PlannedFile;
import io.deltacat.wire.catalog.SchemaChange;
import io.deltacat.wire.catalog.SchemaChangeOp;
import io.deltacat.wire.catalog.SortKeyNulls;
import io.deltacat.wire.catalog.SortKeyOrder;
import io.deltacat.wire.catalog.Table;
import io.deltacat.wire.common.ServerConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The one place catalog wire types ({@code io.deltacat.wire.catalog}, and the server's configuration)
 * become API records and back. Absent fields take the defaults the document gives them.
 */
final class CatalogWire {
    private CatalogWire() {
    }

    static ServerInfo serverInfo(ServerConfig c) {
        return new ServerInfo(str(c.apiVersion()), str(c.serverVersion()),
                c.minimumClientVersion() == null ? "0" : c.minimumClientVersion(), list(c.capabilities()),
                list(c.endpoints()), map(c.defaults()), StorageWire.roots(c.roots()));
    }

    static CatalogInfo catalog(io.deltacat.wire.common.Catalog c) {
        return new CatalogInfo(str(c.name()), StorageWire.roots(c.roots()));
    }

    static NamespaceInfo namespace(io.deltacat.wire.catalog.Namespace n) {
        return new NamespaceInfo(str(n.name()), map(n.properties()), num(n.createdAt()));
    }

    static TableInfo table(Table t) {
        return new TableInfo(str(t.namespace()), str(t.name()), schema(t.schema()), str(t.format()), map(t.properties()),
                num(t.createdAt()), t.latestCommitTime() == null ? OptionalLong.empty()
                : OptionalLong.of(t.latestCommitTime()), num(t.rowCount()), num(t.fileCount()),
                partitionKeys(t.partitionKeys()), sortKeys(t.sortKeys()),
                t.schemaVersion() == null ? 1 : t.schemaVersion().intValue());
    }

    static WriteStatus writeStatus(io.deltacat.wire.catalog.WriteStatus w) {
        return new WriteStatus(str(w.writeId()), WriteState.fromWire(w.state() == null ? null : w.state().wire()),
                str(w.namespace()), str(w.table()), Optional.ofNullable(w.commitId()),
                w.commitTime() == null ? OptionalLong.empty() : OptionalLong.of(w.commitTime()));
    }

    static ReadPlan plan(io.deltacat.wire.catalog.ReadPlan p) {
        List<DataFile> files = new ArrayList<>();
        for (PlannedFile f : list(p.files())) {
            List<Object> partitionValues = new ArrayList<>();
            list(f.partitionValues()).forEach(v -> partitionValues.add(scalar(v).orElse(null)));
            files.add(new DataFile(str(f.uri()), str(f.format()), num(f.rowCount()), num(f.sizeBytes()),
                    f.deltaType() == null ? "" : f.deltaType().wire(), num(f.streamPosition()), columnStats(f.columns()),
                    partitionValues, f.schemaVersion() == null ? 1 : f.schemaVersion().intValue()));
        }
        Map<Integer, Schema> fileSchemas = new LinkedHashMap<>();
        map(p.fileSchemas()).forEach((v, s) -> fileSchemas.put(Integer.parseInt(v), schema(s)));
        return new ReadPlan(str(p.namespace()), str(p.table()), schema(p.schema()), num(p.snapshotTime()), files,
                (int) num(p.totalFiles()), fileSchemas, StorageWire.credentials(p.credentials()), p.layoutManifest());
    }

    static List<io.deltacat.wire.catalog.PartitionKey> wirePartitionKeys(List<PartitionKey> keys) {
        return keys.isEmpty() ? null : keys.stream().map(k -> new io.deltacat.wire.catalog.PartitionKey(k.column(),
                PartitionKeyTransform.of(k.transform().wireName()), k.parameter() == 0 ? null : k.parameter())).toList();
    }

    static List<io.deltacat.wire.catalog.SortKey> wireSortKeys(List<SortKey> keys) {
        return keys.isEmpty() ? null : keys.stream().map(k -> new io.deltacat.wire.catalog.SortKey(k.column(),
                SortKeyOrder.of(k.order().wireName()), SortKeyNulls.of(k.nulls().wireName()))).toList();
    }

    /** Partition keys from the wire; a transform this client does not know is refused (it could not lay files out). */
    static List<PartitionKey> partitionKeys(List<io.deltacat.wire.catalog.PartitionKey> keys) {
        List<PartitionKey> out = new ArrayList<>();
        for (io.deltacat.wire.catalog.PartitionKey k : list(keys)) {
            PartitionKey.Transform t = null;
            for (PartitionKey.Transform candidate : PartitionKey.Transform.values()) {
                if (k.transform() != null && candidate.wireName().equals(k.transform().wire())) {
                    t = candidate;
                }
            }
            if (t == null) {
                throw new UnsupportedFeatureException("the table uses partition transform '"
                        + (k.transform() == null ? null : k.transform().wire())
                        + "', which this client version does not know");
            }
            out.add(new PartitionKey(str(k.column()), t, k.parameter() == null ? 0 : k.parameter()));
        }
        return out;
    }

    static List<SortKey> sortKeys(List<io.deltacat.wire.catalog.SortKey> keys) {
        List<SortKey> out = new ArrayList<>();
        for (io.deltacat.wire.catalog.SortKey k : list(keys)) {
            out.add(new SortKey(str(k.column()),
                    k.order() == SortKeyOrder.DESC ? SortKey.Order.DESCENDING : SortKey.Order.ASCENDING,
                    k.nulls() == SortKeyNulls.FIRST ? SortKey.Nulls.FIRST : SortKey.Nulls.LAST));
        }
        return out;
    }

    static SchemaChange change(AlterTableOptions.SchemaChange change) {
        if (change instanceof AlterTableOptions.AddField add) {
            Object d = add.defaultValue();
            JsonNode dflt = d == null ? null : WireJson.tree(d instanceof Number || d instanceof Boolean
                    || d instanceof String ? d : d.toString());
            return new SchemaChange(SchemaChangeOp.ADD_FIELD, field(add.field()), dflt, null, null, null, null);
        }
        if (change instanceof AlterTableOptions.RenameField r) {
            return new SchemaChange(SchemaChangeOp.RENAME_FIELD, null, null, r.name(), r.newName(), null, null);
        }
        if (change instanceof AlterTableOptions.WidenField w) {
            return new SchemaChange(SchemaChangeOp.WIDEN_FIELD, null, null, w.name(), null,
                    field(new Field(w.name(), FieldType.nullable(w.type()), null)).get("type"), null);
        }
        if (change instanceof AlterTableOptions.DropField d) {
            return new SchemaChange(SchemaChangeOp.DROP_FIELD, null, null, d.name(), null, null, null);
        }
        AlterTableOptions.SetMergeKeys m = (AlterTableOptions.SetMergeKeys) change;
        return new SchemaChange(SchemaChangeOp.SET_MERGE_KEYS, null, null, null, null, null, m.fields());
    }

    /** One Arrow field in Arrow's JSON form. */
    private static JsonNode field(Field field) {
        return schema(new Schema(List.of(field))).get("fields").get(0);
    }

    static JsonNode schema(Schema schema) {
        try {
            return WireJson.TOLERANT.readTree(schema.toJson());
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize Arrow schema", e);
        }
    }

    static Schema schema(JsonNode node) {
        try {
            return Schema.fromJSON(WireJson.TOLERANT.writeValueAsString(node));
        } catch (IOException | RuntimeException e) {
            throw new ServerException("server sent an unreadable Arrow schema: " + e.getMessage(), e);
        }
    }

    static Map<String, io.deltacat.wire.catalog.ColumnStats> columns(Map<String, ColumnStats> stats) {
        Map<String, io.deltacat.wire.catalog.ColumnStats> out = new LinkedHashMap<>();
        stats.forEach((column, s) -> out.put(column, new io.deltacat.wire.catalog.ColumnStats(
                s.min().map(CatalogWire::scalar).orElse(null), s.max().map(CatalogWire::scalar).orElse(null),
                s.nullCount())));
        return out;
    }

    private static Map<String, ColumnStats> columnStats(Map<String, io.deltacat.wire.catalog.ColumnStats> wire) {
        Map<String, ColumnStats> out = new LinkedHashMap<>();
        map(wire).forEach((column, s) -> out.put(column, new ColumnStats(scalar(s.min()), scalar(s.max()),
                num(s.nullCount()))));
        return out;
    }

    /** A canonical scalar as a JSON value (decimals as strings, to keep every digit). */
    static JsonNode scalar(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value == null) {
            return f.nullNode();
        }
        if (value instanceof Long l) {
            return f.numberNode(l);
        }
        if (value instanceof Double d) {
            return f.numberNode(d);
        }
        if (value instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (value instanceof BigDecimal b) {
            return f.textNode(b.toPlainString());
        }
        return f.textNode(String.valueOf(value));
    }

    private static Optional<Object> scalar(JsonNode n) {
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (n.isIntegralNumber()) {
            return Optional.of(n.asLong());
        }
        if (n.isNumber()) {
            return Optional.of(n.asDouble());
        }
        if (n.isBoolean()) {
            return Optional.of(n.asBoolean());
        }
        return Optional.of(n.asText());
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }

    private static long num(Long n) {
        return n == null ? 0 : n;
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static <V> Map<String, V> map(Map<String, V> m) {
        return m == null ? Map.of() : m;
    }
}
