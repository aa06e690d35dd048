package io.deltacat.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.model.MergeKeys;
import io.deltacat.api.model.PartitionKey;
import io.deltacat.api.model.SortKey;
import io.deltacat.api.options.AlterTableOptions;
import io.deltacat.server.internal.catalog.Layout;
import io.deltacat.server.internal.catalog.Model;
import io.deltacat.server.internal.storage.DataAccess;
import io.deltacat.server.internal.store.StoredJson;
import io.deltacat.wire.WireJson;
import io.deltacat.wire.catalog.ColumnStats;
import io.deltacat.wire.catalog.CommitRequest;
import io.deltacat.wire.catalog.CommittedFile;
import io.deltacat.wire.catalog.PartitionKeyTransform;
import io.deltacat.wire.catalog.PlannedFile;
import io.deltacat.wire.catalog.PlannedFileDeltaType;
import io.deltacat.wire.catalog.ReadPlan;
import io.deltacat.wire.catalog.SchemaChange;
import io.deltacat.wire.catalog.SortKeyNulls;
import io.deltacat.wire.catalog.SortKeyOrder;
import io.deltacat.wire.catalog.Table;
import io.deltacat.wire.catalog.WriteMode;
import io.deltacat.wire.catalog.WriteSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The one place catalog wire types ({@code io.deltacat.wire.catalog}) become the catalog's model and
 * back: the checks the document cannot express (an Arrow schema's types, a commit id not empty, a
 * schema change's fields per op) are made here, each naming the field.
 */
final class CatalogWire {
    private CatalogWire() {
    }

    static Table table(Model.Table t) {
        return new Table(t.namespace(), t.name(), schema(t.schema()), t.format(), t.properties(), t.createdAt(),
                t.latestCommitTime(), t.rowCount(), t.fileCount(), partitionKeys(t.layout().partitionKeys()),
                sortKeys(t.layout().sortKeys()), (long) t.schemaVersion(), MergeKeys.of(t.schema()));
    }

    static WriteSession session(Model.WriteSession s, DataAccess access) {
        return new WriteSession(s.writeId(), s.namespace(), s.table(), WriteMode.of(s.mode()), s.format(),
                s.stagingUri(), s.expiresAt(), s.tableExists(), schema(s.schema()),
                StorageRoutes.credentials(access.forWrite(s.stagingUri(), s.format())),
                partitionKeys(s.layout().partitionKeys()), sortKeys(s.layout().sortKeys()), s.tableProperties(),
                s.mergeKeys());
    }

    /** A thin read plan as the wire shows it ({@code ReadPlan}), with access to exactly its files. */
    static ReadPlan plan(Model.Plan p, DataAccess access) {
        List<PlannedFile> files = new ArrayList<>();
        for (Model.PlannedFile f : p.files()) {
            files.add(new PlannedFile(f.uri(), f.format(), f.rowCount(), f.sizeBytes(),
                    PlannedFileDeltaType.of(f.deltaType()), f.streamPosition(), columns(f.columns()),
                    f.partitionValues() == null ? null : list(f.partitionValues()), (long) f.schemaVersion()));
        }
        Map<String, JsonNode> fileSchemas = new LinkedHashMap<>();
        p.fileSchemas().forEach((v, s) -> fileSchemas.put(Integer.toString(v), schema(s)));
        List<String> uris = p.files().stream().map(Model.PlannedFile::uri).toList();
        return new ReadPlan(p.namespace(), p.table(), schema(p.schema()), p.snapshotTime(), p.layoutManifest(), files,
                p.totalFiles(), StorageRoutes.credentials(uris.isEmpty() ? List.of()
                : access.forRead(p.namespace(), p.table(), p.files().get(0).format(), uris)), fileSchemas,
                MergeKeys.of(p.schema()));
    }

    /** The commit id and manifest of a commit (or prepare) request. */
    static Model.Commit commit(String commitId, List<CommittedFile> files, String layoutManifest,
                               Long expectedSnapshot, String what) {
        if (commitId.isEmpty()) {
            throw new InvalidRequestException("field 'commitId' in " + what + " must not be empty");
        }
        List<Model.CommitFile> out = new ArrayList<>();
        int i = 0;
        for (CommittedFile f : files) {
            String at = what + ".files[" + i++ + "]";
            atLeast(f.rowCount(), "rowCount", at);
            atLeast(f.sizeBytes(), "sizeBytes", at);
            if (f.columns() != null) {
                f.columns().forEach((column, s) -> atLeast(s.nullCount(), "nullCount", at + ".columns['" + column + "']"));
            }
            out.add(new Model.CommitFile(f.path(), f.format(), f.rowCount(), f.sizeBytes(),
                    f.columns() == null ? null : (ObjectNode) WireJson.tree(f.columns()),
                    f.partitionValues() == null ? null : WireJson.tree(f.partitionValues())));
        }
        Json.atLeast(expectedSnapshot, 0, "expectedSnapshot", what);
        return new Model.Commit(commitId, out, layoutManifest, expectedSnapshot);
    }

    static Model.Commit commit(CommitRequest r) {
        return commit(r.commitId(), r.files(), r.layoutManifest(), r.expectedSnapshot(), "CommitRequest");
    }

    private static void atLeast(Long v, String field, String what) {
        Json.atLeast(v, 0, field, what);
    }

    static Layout layout(List<io.deltacat.wire.catalog.PartitionKey> partitionKeys,
                         List<io.deltacat.wire.catalog.SortKey> sortKeys) {
        List<PartitionKey> parts = new ArrayList<>();
        if (partitionKeys != null) {
            partitionKeys.forEach(k -> parts.add(new PartitionKey(k.column(),
                    PartitionKey.Transform.fromWire(k.transform().wire()), k.parameter() == null ? 0 : k.parameter())));
        }
        List<SortKey> sorts = new ArrayList<>();
        if (sortKeys != null) {
            sortKeys.forEach(k -> sorts.add(new SortKey(k.column(),
                    k.order() == SortKeyOrder.DESC ? SortKey.Order.DESCENDING : SortKey.Order.ASCENDING,
                    k.nulls() == SortKeyNulls.FIRST ? SortKey.Nulls.FIRST : SortKey.Nulls.LAST)));
        }
        return new Layout(parts, sorts);
    }

    static List<io.deltacat.wire.catalog.PartitionKey> partitionKeys(List<PartitionKey> keys) {
        return keys.stream().map(k -> new io.deltacat.wire.catalog.PartitionKey(k.column(),
                PartitionKeyTransform.of(k.transform().wireName()), k.parameter() == 0 ? null : k.parameter())).toList();
    }

    static List<io.deltacat.wire.catalog.SortKey> sortKeys(List<SortKey> keys) {
        return keys.stream().map(k -> new io.deltacat.wire.catalog.SortKey(k.column(),
                SortKeyOrder.of(k.order().wireName()), SortKeyNulls.of(k.nulls().wireName()))).toList();
    }

    /** An Arrow schema in Arrow's JSON form, checked type by type (400 naming the field at fault). */
    static Schema schema(JsonNode v, String field, String what) {
        if (v == null || !v.isObject() || !v.has("fields") || !v.get("fields").isArray()) {
            throw new InvalidRequestException("field '" + field + "' in " + what
                    + " must be an Arrow schema object with a 'fields' array");
        }
        ArrowTypeChecks.checkSchema(v, "field '" + field + "' in " + what);
        try {
            return Schema.fromJSON(v.toString());
        } catch (IOException | RuntimeException e) {
            String msg = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                    : e.getMessage();
            throw new InvalidRequestException("field '" + field + "' in " + what + " is not a valid Arrow schema: " + msg);
        }
    }

    static JsonNode schema(Schema schema) {
        return Json.schema(schema);
    }

    /** One schema change; fields that belong to another op are refused as unknown. */
    static AlterTableOptions.SchemaChange change(SchemaChange c, String what) {
        switch (c.op()) {
            case ADD_FIELD -> {
                only(c, what, "field", "default");
                JsonNode dflt = c.defaultValue();
                if (dflt != null && !dflt.isValueNode()) {
                    throw new InvalidRequestException("field 'default' in " + what + " must be a JSON scalar");
                }
                return new AlterTableOptions.AddField(Json.field(c.field(), what + ".field"),
                        dflt == null ? null : StoredJson.plain(dflt));
            }
            case RENAME_FIELD -> {
                only(c, what, "name", "newName");
                return new AlterTableOptions.RenameField(required(c.name(), "name", what),
                        required(c.newName(), "newName", what));
            }
            case WIDEN_FIELD -> {
                only(c, what, "name", "type");
                String name = required(c.name(), "name", what);
                ObjectNode f = Json.MAPPER.createObjectNode().put("name", name).put("nullable", true);
                f.set("type", c.type());
                f.putArray("children");
                Field field = Json.field(f, what + ".type");
                return new AlterTableOptions.WidenField(name, field.getType());
            }
            case DROP_FIELD -> {
                only(c, what, "name");
                return new AlterTableOptions.DropField(required(c.name(), "name", what));
            }
            case SET_MERGE_KEYS -> {
                only(c, what, "fields");
                return new AlterTableOptions.SetMergeKeys(required(c.fields(), "fields", what));
            }
            default -> throw new InvalidRequestException("unknown op in " + what);
        }
    }

    private static <T> T required(T value, String field, String what) {
        if (value == null) {
            throw new InvalidRequestException("missing required field '" + field + "' in " + what);
        }
        return value;
    }

    private static void only(SchemaChange c, String what, String... allowed) {
        Map<String, Object> present = new LinkedHashMap<>();
        present.put("field", c.field());
        present.put("default", c.defaultValue());
        present.put("name", c.name());
        present.put("newName", c.newName());
        present.put("type", c.type());
        present.put("fields", c.fields());
        List<String> ok = List.of(allowed);
        present.forEach((field, v) -> {
            if (v != null && !ok.contains(field)) {
                throw new InvalidRequestException("unknown field '" + field + "' in " + what + " (op "
                        + c.op().wire() + "); allowed: " + String.join(", ", ok));
            }
        });
    }

    private static Map<String, ColumnStats> columns(ObjectNode stored) {
        if (stored == null) {
            return null;
        }
        Map<String, ColumnStats> out = new LinkedHashMap<>();
        stored.properties().forEach(e -> out.put(e.getKey(), new ColumnStats(e.getValue().get("min"),
                e.getValue().get("max"), e.getValue().path("nullCount").asLong())));
        return out;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
