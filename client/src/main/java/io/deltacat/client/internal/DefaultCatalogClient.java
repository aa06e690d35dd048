package io.deltacat.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.CatalogClient;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.expr.PredicateCodec;
import io.deltacat.api.model.CatalogInfo;
import io.deltacat.api.model.NamespaceInfo;
import io.deltacat.api.model.ReadPlan;
import io.deltacat.api.model.ReplicationState;
import io.deltacat.api.model.RootReplication;
import io.deltacat.api.model.TableInfo;
import io.deltacat.api.model.WriteResult;
import io.deltacat.api.options.AlterTableOptions;
import io.deltacat.api.options.CreateTableOptions;
import io.deltacat.api.options.ReadOptions;
import io.deltacat.api.options.WriteOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.table.Table;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.VectorSchemaRootAppender;

/** Catalog calls over the transport; reads and writes through {@link PlanReader} and {@link StagedWrite}. */
final class DefaultCatalogClient implements CatalogClient {
    static final String CATALOG = "/v1/catalogs/{catalog}";
    static final String NAMESPACES = "/v1/namespaces";
    static final String NAMESPACE = "/v1/namespaces/{namespace}";
    static final String TABLES = "/v1/namespaces/{namespace}/tables";
    static final String TABLE = "/v1/namespaces/{namespace}/tables/{table}";
    static final String PLAN = "/v1/namespaces/{namespace}/tables/{table}/plan";
    static final String ALTER = "/v1/namespaces/{namespace}/tables/{table}/alter";
    static final String UNDROP = "/v1/namespaces/{namespace}/tables/{table}/undrop";
    static final String PLACEMENTS = "/v1/namespaces/{namespace}/tables/{table}/placements";
    static final String PLACEMENT = "/v1/namespaces/{namespace}/tables/{table}/placements/{root}";
    static final String REPLICATION = "/v1/namespaces/{namespace}/tables/{table}/replication";

    private final ApiCalls calls;
    private final BufferAllocator allocator;
    private final ExecutorService ioThreads;
    private final int defaultParallelism;

    DefaultCatalogClient(ApiCalls calls, BufferAllocator allocator, ExecutorService ioThreads, int parallelism) {
        this.calls = calls;
        this.allocator = allocator;
        this.ioThreads = ioThreads;
        this.defaultParallelism = parallelism;
    }

    @Override
    public CatalogInfo describeCatalog(String name) {
        return Json.catalog(calls.get(CATALOG, PathSegments.path("catalogs", name)));
    }

    @Override
    public NamespaceInfo createNamespace(String name) {
        return createNamespace(name, Map.of());
    }

    @Override
    public NamespaceInfo createNamespace(String name, Map<String, String> properties) {
        refuseInTransaction("createNamespace");
        ObjectNode body = Json.object().put("name", name);
        body.set("properties", Json.properties(properties));
        return Json.namespace(calls.post(NAMESPACES, PathSegments.path("namespaces"), body));
    }

    @Override
    public NamespaceInfo getNamespace(String name) {
        return Json.namespace(calls.get(NAMESPACE, PathSegments.path("namespaces", name)));
    }

    @Override
    public List<NamespaceInfo> listNamespaces() {
        List<NamespaceInfo> out = new ArrayList<>();
        calls.get(NAMESPACES, PathSegments.path("namespaces")).path("namespaces")
                .forEach(n -> out.add(Json.namespace(n)));
        return out;
    }

    @Override
    public boolean namespaceExists(String name) {
        try {
            getNamespace(name);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public void dropNamespace(String name, boolean cascade) {
        refuseInTransaction("dropNamespace");
        calls.delete(NAMESPACE, PathSegments.path("namespaces", name),
                cascade ? Map.of("cascade", "true") : Map.of());
    }

    private void refuseInTransaction(String operation) {
        if (calls.inTransaction()) {
            throw new io.deltacat.api.error.UnsupportedFeatureException(operation + " is not transactional: call it"
                    + " on client.catalog() outside the transaction"
                    + (operation.endsWith("Namespace") ? " (or write with autoCreateNamespace)" : ""));
        }
    }

    @Override
    public TableInfo createTable(Consumer<CreateTableOptions.Builder> options) {
        CreateTableOptions.Builder b = CreateTableOptions.builder();
        options.accept(b);
        CreateTableOptions o = b.build();
        ObjectNode body = Json.object().put("name", o.table()).put("format", o.format())
                .put("autoCreateNamespace", o.autoCreateNamespace());
        body.set("schema", Json.schema(o.schema()));
        body.set("properties", Json.properties(o.properties()));
        if (!o.mergeKeys().isEmpty()) {
            o.mergeKeys().forEach(body.putArray("mergeKeys")::add);
        }
        if (!o.partitionKeys().isEmpty()) {
            body.set("partitionKeys", Json.partitionKeys(o.partitionKeys()));
        }
        if (!o.sortKeys().isEmpty()) {
            body.set("sortKeys", Json.sortKeys(o.sortKeys()));
        }
        return Json.table(calls.post(TABLES, PathSegments.path("namespaces", o.namespace(), "tables"), body));
    }

    @Override
    public TableInfo alterTable(Consumer<AlterTableOptions.Builder> options) {
        AlterTableOptions.Builder b = AlterTableOptions.builder();
        options.accept(b);
        AlterTableOptions o = b.build();
        ObjectNode body = Json.object();
        com.fasterxml.jackson.databind.node.ArrayNode changes = body.putArray("changes");
        for (AlterTableOptions.SchemaChange change : o.changes()) {
            changes.add(change(change));
        }
        body.set("properties", Json.properties(o.properties()));
        return Json.table(calls.post(ALTER, PathSegments.path("namespaces", o.namespace(), "tables", o.table(),
                "alter"), body));
    }

    private static ObjectNode change(AlterTableOptions.SchemaChange change) {
        if (change instanceof AlterTableOptions.AddField add) {
            ObjectNode n = Json.object().put("op", "addField");
            n.set("field", fieldJson(add.field()));
            if (add.defaultValue() != null) {
                Object d = add.defaultValue();
                n.set("default", Json.MAPPER.valueToTree(d instanceof Number || d instanceof Boolean
                        || d instanceof String ? d : d.toString()));
            }
            return n;
        }
        if (change instanceof AlterTableOptions.RenameField r) {
            return Json.object().put("op", "renameField").put("name", r.name()).put("newName", r.newName());
        }
        if (change instanceof AlterTableOptions.WidenField w) {
            ObjectNode n = Json.object().put("op", "widenField").put("name", w.name());
            n.set("type", fieldJson(new Field(w.name(), FieldType.nullable(w.type()), null)).get("type"));
            return n;
        }
        if (change instanceof AlterTableOptions.DropField d) {
            return Json.object().put("op", "dropField").put("name", d.name());
        }
        AlterTableOptions.SetMergeKeys m = (AlterTableOptions.SetMergeKeys) change;
        ObjectNode n = Json.object().put("op", "setMergeKeys");
        m.fields().forEach(n.putArray("fields")::add);
        return n;
    }

    /** One Arrow field in Arrow's JSON form. */
    private static JsonNode fieldJson(Field field) {
        return Json.schema(new Schema(List.of(field))).get("fields").get(0);
    }

    @Override
    public TableInfo getTable(String namespace, String table) {
        return Json.table(calls.get(TABLE, PathSegments.path("namespaces", namespace, "tables", table)));
    }

    @Override
    public List<TableInfo> listTables(String namespace) {
        List<TableInfo> out = new ArrayList<>();
        calls.get(TABLES, PathSegments.path("namespaces", namespace, "tables")).path("tables")
                .forEach(n -> out.add(Json.table(n)));
        return out;
    }

    @Override
    public boolean tableExists(String namespace, String table) {
        try {
            getTable(namespace, table);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public void dropTable(String namespace, String table) {
        calls.delete(TABLE, PathSegments.path("namespaces", namespace, "tables", table), Map.of());
    }

    @Override
    public TableInfo undropTable(String namespace, String table) {
        return Json.table(calls.post(UNDROP, PathSegments.path("namespaces", namespace, "tables", table, "undrop"),
                Json.object()));
    }

    @Override
    public WriteResult write(VectorSchemaRoot data, Consumer<WriteOptions.Builder> options) {
        WriteOptions o = build(options);
        return new StagedWrite(calls, allocator, o).run(WriteTally.counting(BatchSource.of(data), o.progress()));
    }

    @Override
    public WriteResult write(ArrowReader data, Consumer<WriteOptions.Builder> options) {
        WriteOptions o = build(options);
        return new StagedWrite(calls, allocator, o).run(WriteTally.counting(BatchSource.of(data), o.progress()));
    }

    @Override
    public WriteResult write(List<java.nio.file.Path> files, Consumer<WriteOptions.Builder> options) {
        WriteOptions o = build(options);
        java.util.Optional<org.apache.arrow.vector.types.pojo.Schema> tableSchema;
        try {
            TableInfo table = getTable(o.namespace(), o.table());
            org.apache.arrow.vector.types.pojo.Schema plain = io.deltacat.io.spi.SchemaAdapter.plain(table.schema());
            // DELETE input files hold the merge-key columns only
            tableSchema = java.util.Optional.of(o.mode() == io.deltacat.api.model.WriteMode.DELETE
                    && !table.mergeKeys().isEmpty()
                    ? io.deltacat.io.spi.Batches.project(plain, table.mergeKeys()) : plain);
        } catch (NotFoundException e) {
            tableSchema = java.util.Optional.empty();
        }
        try (LocalFiles source = LocalFiles.open(files, o.inputFormat(), tableSchema, allocator, o.progress())) {
            return new StagedWrite(calls, allocator, o).run(source);
        }
    }

    private static WriteOptions build(Consumer<WriteOptions.Builder> options) {
        WriteOptions.Builder b = WriteOptions.builder();
        options.accept(b);
        return b.build();
    }

    @Override
    public io.deltacat.api.model.StagedWriteTarget beginStagedWrite(Schema schema,
                                                                   Consumer<WriteOptions.Builder> options) {
        return DistributedWrites.begin(calls, allocator, schema, build(options));
    }

    @Override
    public io.deltacat.api.StagedFilesWriter openStagedFiles(io.deltacat.api.model.StagedWriteTarget target,
                                                            String namePrefix) {
        return new StagedFiles(target, namePrefix, allocator);
    }

    @Override
    public WriteResult commitStagedWrite(io.deltacat.api.model.StagedWriteTarget target,
                                         List<io.deltacat.api.model.StagedFile> files) {
        return DistributedWrites.commit(calls, allocator, target, files);
    }

    @Override
    public void abortStagedWrite(io.deltacat.api.model.StagedWriteTarget target) {
        DistributedWrites.abort(calls, target);
    }

    @Override
    public ArrowReader read(Consumer<ReadOptions.Builder> options) {
        ReadOptions o = readOptions(options);
        ReadPlan plan = plan(o);
        int parallelism = o.parallelism() > 0 ? o.parallelism() : defaultParallelism;
        return new PlanReader(allocator, ioThreads, plan, o, parallelism, VendedAccess.forPlan(calls, plan));
    }

    @Override
    public Table readAll(Consumer<ReadOptions.Builder> options) {
        try (ArrowReader reader = read(options)) {
            VectorSchemaRoot source = reader.getVectorSchemaRoot();
            VectorSchemaRoot all = VectorSchemaRoot.create(source.getSchema(), allocator);
            try {
                // the appender needs allocated buffers (an offset buffer) in the target
                all.allocateNew();
                while (reader.loadNextBatch()) {
                    VectorSchemaRootAppender.append(all, source);
                }
                return new Table(all);
            } finally {
                all.close();
            }
        } catch (IOException e) {
            throw new io.deltacat.api.error.StorageException("read failed: " + e.getMessage(), e);
        }
    }

    @Override
    public ReadPlan plan(Consumer<ReadOptions.Builder> options) {
        return plan(readOptions(options));
    }

    @Override
    public List<RootReplication> place(String namespace, String table, List<String> roots, boolean backfill) {
        refuseInTransaction("place");
        ObjectNode body = Json.object().put("backfill", backfill);
        roots.forEach(body.putArray("roots")::add);
        return replications(calls.post(PLACEMENTS, PathSegments.path("namespaces", namespace, "tables", table,
                "placements"), body));
    }

    @Override
    public void unplace(String namespace, String table, String root) {
        refuseInTransaction("unplace");
        calls.delete(PLACEMENT, PathSegments.path("namespaces", namespace, "tables", table, "placements", root),
                Map.of());
    }

    @Override
    public List<RootReplication> replicationStatus(String namespace, String table) {
        return replications(calls.get(REPLICATION, PathSegments.path("namespaces", namespace, "tables", table,
                "replication")));
    }

    private static List<RootReplication> replications(JsonNode answer) {
        List<RootReplication> out = new ArrayList<>();
        for (JsonNode r : answer.path("roots")) {
            out.add(new RootReplication(r.path("root").asText(), ReplicationState.fromWire(r.path("state").asText()),
                    r.path("placedAt").asLong(), r.path("backfill").asBoolean(),
                    r.hasNonNull("lastReplicatedCommitTime") ? OptionalLong.of(r.get("lastReplicatedCommitTime").asLong())
                            : OptionalLong.empty(),
                    r.path("commitsBehind").asLong(), r.path("bytesBehind").asLong(),
                    r.hasNonNull("lastError") ? Optional.of(r.get("lastError").asText()) : Optional.empty(),
                    r.hasNonNull("deleteAfter") ? OptionalLong.of(r.get("deleteAfter").asLong()) : OptionalLong.empty()));
        }
        return out;
    }

    @Override
    public io.deltacat.api.model.WriteStatus writeStatus(String writeId) {
        return Json.writeStatus(calls.get(StagedWrite.WRITE, PathSegments.path("writes", writeId)));
    }

    private static ReadOptions readOptions(Consumer<ReadOptions.Builder> options) {
        ReadOptions.Builder b = ReadOptions.builder();
        options.accept(b);
        return b.build();
    }

    private ReadPlan plan(ReadOptions o) {
        ObjectNode body = Json.object();
        if (!o.columns().isEmpty()) {
            o.columns().forEach(body.putArray("columns")::add);
        }
        o.filter().ifPresent(f -> body.set("filter", Json.MAPPER.valueToTree(PredicateCodec.toWire(f))));
        o.limit().ifPresent(l -> body.put("limit", l));
        o.asOf().ifPresent(t -> body.put("asOf", t));
        o.root().ifPresent(r -> body.put("root", r));
        JsonNode plan = calls.query(PLAN, PathSegments.path("namespaces", o.namespace(), "tables", o.table(), "plan"),
                body);
        return Json.plan(plan);
    }
}
