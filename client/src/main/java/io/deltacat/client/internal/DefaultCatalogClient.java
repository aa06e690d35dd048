package io.deltacat.client.internal;

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
import io.deltacat.wire.WireJson;
import io.deltacat.wire.catalog.AlterTableRequest;
import io.deltacat.wire.catalog.CreateNamespaceRequest;
import io.deltacat.wire.catalog.CreateTableRequest;
import io.deltacat.wire.catalog.Namespace;
import io.deltacat.wire.catalog.NamespaceList;
import io.deltacat.wire.catalog.PlanRequest;
import io.deltacat.wire.catalog.RenameTableRequest;
import io.deltacat.wire.catalog.TableList;
import io.deltacat.wire.common.EmptyRequest;
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
    static final String RENAME = "/v1/namespaces/{namespace}/tables/{table}/rename";
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
        return CatalogWire.catalog(calls.get(CATALOG, PathSegments.path("catalogs", name),
                io.deltacat.wire.common.Catalog.class));
    }

    @Override
    public NamespaceInfo createNamespace(String name) {
        return createNamespace(name, Map.of());
    }

    @Override
    public NamespaceInfo createNamespace(String name, Map<String, String> properties) {
        refuseInTransaction("createNamespace");
        return CatalogWire.namespace(calls.post(NAMESPACES, PathSegments.path("namespaces"),
                new CreateNamespaceRequest(name, properties), Namespace.class));
    }

    @Override
    public NamespaceInfo getNamespace(String name) {
        return CatalogWire.namespace(calls.get(NAMESPACE, PathSegments.path("namespaces", name), Namespace.class));
    }

    @Override
    public List<NamespaceInfo> listNamespaces() {
        List<NamespaceInfo> out = new ArrayList<>();
        List<Namespace> list = calls.get(NAMESPACES, PathSegments.path("namespaces"), NamespaceList.class).namespaces();
        (list == null ? List.<Namespace>of() : list).forEach(n -> out.add(CatalogWire.namespace(n)));
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
        CreateTableRequest body = new CreateTableRequest(o.table(), CatalogWire.schema(o.schema()), o.format(),
                o.properties(), o.autoCreateNamespace(), CatalogWire.wirePartitionKeys(o.partitionKeys()),
                CatalogWire.wireSortKeys(o.sortKeys()), o.mergeKeys().isEmpty() ? null : o.mergeKeys());
        return CatalogWire.table(calls.post(TABLES, PathSegments.path("namespaces", o.namespace(), "tables"), body,
                io.deltacat.wire.catalog.Table.class));
    }

    @Override
    public TableInfo alterTable(Consumer<AlterTableOptions.Builder> options) {
        AlterTableOptions.Builder b = AlterTableOptions.builder();
        options.accept(b);
        AlterTableOptions o = b.build();
        AlterTableRequest body = new AlterTableRequest(o.changes().stream().map(CatalogWire::change).toList(),
                o.properties());
        return CatalogWire.table(calls.post(ALTER, PathSegments.path("namespaces", o.namespace(), "tables", o.table(),
                "alter"), body, io.deltacat.wire.catalog.Table.class));
    }

    @Override
    public TableInfo getTable(String namespace, String table) {
        return CatalogWire.table(calls.get(TABLE, PathSegments.path("namespaces", namespace, "tables", table),
                io.deltacat.wire.catalog.Table.class));
    }

    @Override
    public List<TableInfo> listTables(String namespace) {
        List<TableInfo> out = new ArrayList<>();
        List<io.deltacat.wire.catalog.Table> list = calls.get(TABLES, PathSegments.path("namespaces", namespace,
                "tables"), TableList.class).tables();
        (list == null ? List.<io.deltacat.wire.catalog.Table>of() : list).forEach(t -> out.add(CatalogWire.table(t)));
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
        return CatalogWire.table(calls.post(UNDROP, PathSegments.path("namespaces", namespace, "tables", table,
                "undrop"), new EmptyRequest(), io.deltacat.wire.catalog.Table.class));
    }

    @Override
    public TableInfo renameTable(String namespace, String table, String newName) {
        refuseInTransaction("renameTable");
        return CatalogWire.table(calls.post(RENAME, PathSegments.path("namespaces", namespace, "tables", table,
                "rename"), new RenameTableRequest(newName), io.deltacat.wire.catalog.Table.class));
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
            try {
                return new StagedWrite(calls, allocator, o).run(source);
            } catch (RuntimeException e) {
                throw source.naming(e);
            }
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
        return new StagedFiles(target, namePrefix, calls, allocator);
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
        return replications(calls.post(PLACEMENTS, PathSegments.path("namespaces", namespace, "tables", table,
                "placements"), new io.deltacat.wire.placement.PlaceRequest(roots, backfill),
                io.deltacat.wire.placement.ReplicationStatusList.class));
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
                "replication"), io.deltacat.wire.placement.ReplicationStatusList.class));
    }

    private static List<RootReplication> replications(io.deltacat.wire.placement.ReplicationStatusList answer) {
        List<RootReplication> out = new ArrayList<>();
        for (io.deltacat.wire.placement.RootReplication r : answer.roots()) {
            out.add(new RootReplication(r.root(), r.state() == io.deltacat.wire.placement.RootReplicationState.UNKNOWN
                    ? ReplicationState.UNKNOWN : ReplicationState.fromWire(r.state().wire()), r.placedAt(), r.backfill(),
                    r.lastReplicatedCommitTime() == null ? OptionalLong.empty()
                            : OptionalLong.of(r.lastReplicatedCommitTime()),
                    r.commitsBehind(), r.bytesBehind(), Optional.ofNullable(r.lastError()),
                    r.deleteAfter() == null ? OptionalLong.empty() : OptionalLong.of(r.deleteAfter())));
        }
        return out;
    }

    @Override
    public io.deltacat.api.model.WriteStatus writeStatus(String writeId) {
        return CatalogWire.writeStatus(calls.get(StagedWrite.WRITE, PathSegments.path("writes", writeId),
                io.deltacat.wire.catalog.WriteStatus.class));
    }

    private static ReadOptions readOptions(Consumer<ReadOptions.Builder> options) {
        ReadOptions.Builder b = ReadOptions.builder();
        options.accept(b);
        return b.build();
    }

    private ReadPlan plan(ReadOptions o) {
        PlanRequest body = new PlanRequest(o.columns().isEmpty() ? null : o.columns(),
                o.filter().map(f -> WireJson.tree(PredicateCodec.toWire(f))).orElse(null),
                o.limit().isPresent() ? Long.valueOf(o.limit().getAsLong()) : null,
                o.asOf().isPresent() ? Long.valueOf(o.asOf().getAsLong()) : null, o.root().orElse(null));
        return CatalogWire.plan(calls.post(PLAN, PathSegments.path("namespaces", o.namespace(), "tables", o.table(),
                "plan"), body, io.deltacat.wire.catalog.ReadPlan.class));
    }
}
