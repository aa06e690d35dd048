package io.deltacat.server.internal.http;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.options.AlterTableOptions;
import io.deltacat.server.internal.auth.Users;
import io.deltacat.server.internal.catalog.Catalog;
import io.deltacat.server.internal.catalog.Model;
import io.deltacat.server.internal.catalog.Namespaces;
import io.deltacat.server.internal.jobs.JobServices;
import io.deltacat.server.internal.pipelines.PipelineServices;
import io.deltacat.server.internal.store.StoredJson;
import io.deltacat.server.internal.storage.DataAccess;
import io.deltacat.wire.catalog.AlterTableRequest;
import io.deltacat.wire.catalog.BeginWriteRequest;
import io.deltacat.wire.catalog.CommitRequest;
import io.deltacat.wire.catalog.CommitResult;
import io.deltacat.wire.catalog.CommitResultDeltaType;
import io.deltacat.wire.catalog.CommitResultState;
import io.deltacat.wire.catalog.CreateNamespaceRequest;
import io.deltacat.wire.catalog.CreateTableRequest;
import io.deltacat.wire.catalog.Namespace;
import io.deltacat.wire.catalog.NamespaceList;
import io.deltacat.wire.catalog.PlanRequest;
import io.deltacat.wire.catalog.RenameTableRequest;
import io.deltacat.wire.catalog.TableList;
import io.deltacat.wire.catalog.WriteStatus;
import io.deltacat.wire.catalog.WriteStatusState;
import io.deltacat.wire.common.ServerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The routes of the wire contract ({@code openapi/deltacat-api.yaml}): request parsing and response shapes. */
public final class ApiRoutes {
    static final String API_VERSION = "1";
    static final String SERVER_VERSION = "0.1.0";
    static final String MINIMUM_CLIENT_VERSION = "0.1.0";
    static final List<String> CAPABILITIES = List.of("catalog", "staged-writes", "read-plan", "time-travel", "jobs",
            "compaction", "transactions", "pipelines", "partitioning", "sorting", "schema-evolution", "object-storage",
            "packds", "placement");

    private final Catalog catalog;
    private final String catalogName;
    private List<String> extensionCapabilities = List.of();
    private final DataAccess access;
    private final Router router = new Router();

    /**
     * @param users  the server's users; null when it runs without users
     * @param access where every storage access a client gets is vended (plans, write sessions, renewals,
     *               signed uploads)
     */
    public ApiRoutes(Catalog catalog, JobServices jobs, PipelineServices pipelines, Users users, String catalogName,
                     DataAccess access, io.deltacat.server.internal.placement.Placements placements) {
        this.catalog = catalog;
        this.catalogName = catalogName;
        this.access = access;
        router.add("GET", "/v1/config", c -> config());
        router.add("GET", "/v1/catalogs/{catalog}", this::describeCatalog);
        router.add("GET", "/v1/namespaces", c -> listNamespaces());
        router.add("POST", "/v1/namespaces", this::createNamespace);
        router.add("GET", "/v1/namespaces/{namespace}", c -> HttpResult.wire(200,
                namespace(catalog.namespaces().getNamespace(c.param("namespace")))));
        router.add("DELETE", "/v1/namespaces/{namespace}", this::dropNamespace);
        router.add("GET", "/v1/namespaces/{namespace}/tables", this::listTables);
        router.add("POST", "/v1/namespaces/{namespace}/tables", this::createTable);
        router.add("GET", "/v1/namespaces/{namespace}/tables/{table}", c -> HttpResult.wire(200,
                CatalogWire.table(catalog.tables().getTable(c.param("namespace"), c.param("table"), TransactionRoutes.transactionId(c)))));
        router.add("DELETE", "/v1/namespaces/{namespace}/tables/{table}", c -> {
            catalog.tables().dropTable(c.param("namespace"), c.param("table"), TransactionRoutes.transactionId(c));
            return HttpResult.noContent();
        });
        router.add("POST", "/v1/namespaces/{namespace}/tables/{table}/alter", this::alterTable);
        router.add("POST", "/v1/namespaces/{namespace}/tables/{table}/undrop", c -> {
            Json.readEmpty(c.body()); // an empty object, or no body
            return HttpResult.wire(200, CatalogWire.table(catalog.tables().undropTable(c.param("namespace"), c.param("table"))));
        });
        // ATOMIC (the default): a resend whose first answer was lost replays the stored rename, not a 404
        router.add("POST", "/v1/namespaces/{namespace}/tables/{table}/rename", c -> {
            if (TransactionRoutes.transactionId(c) != null) {
                // acting now while the caller believes it is inside a transaction would be worse than no
                throw new UnsupportedFeatureException("a table rename is not transactional: send it without"
                        + " transactionId");
            }
            return HttpResult.wire(200, CatalogWire.table(catalog.tables().renameTable(c.param("namespace"),
                    c.param("table"), Json.read(c.body(), RenameTableRequest.class).newName())));
        });
        router.add("POST", "/v1/namespaces/{namespace}/tables/{table}/writes", this::beginWrite);
        router.add("POST", "/v1/namespaces/{namespace}/tables/{table}/plan", Router.Resend.READ, this::plan);
        router.add("GET", "/v1/writes/{writeId}", c -> HttpResult.wire(200,
                writeStatus(catalog.writes().writeStatus(c.param("writeId")))));
        // an aborted write stays aborted; a commit resent with its commitId answers the first commit
        router.add("DELETE", "/v1/writes/{writeId}", Router.Resend.BY_IDS, c -> {
            catalog.writes().abortWrite(c.param("writeId"));
            return HttpResult.noContent();
        });
        router.add("POST", "/v1/writes/{writeId}/commit", Router.Resend.BY_IDS, this::commit);
        new TransactionRoutes(catalog.transactions()).register(router);
        new JobRoutes(jobs.queue(), jobs.leases(), pipelines.completion(), catalog.tables()).register(router);
        new PipelineRoutes(pipelines, access).register(router);
        new StorageRoutes(catalog, access).register(router);
        new AuthRoutes(users).register(router);
        new DispatchRoutes(pipelines.nodes(), jobs.queue()).register(router);
        new PlacementRoutes(placements).register(router);
    }

    Router router() {
        return router;
    }

    /** The routes served, as "METHOD /v1/template". */
    public List<String> routeNames() {
        return router.names();
    }

    /** Capabilities the server's extensions add (see {@code ServerExtension#capabilities}); set before start. */
    public void advertise(List<String> capabilities) {
        this.extensionCapabilities = List.copyOf(capabilities);
    }

    // ---------------------------------------------------------------- config and catalog

    private HttpResult config() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("namespace", Namespaces.DEFAULT_NAMESPACE);
        defaults.put("format", "parquet");
        defaults.put("catalog", catalogName);
        List<String> capabilities = new java.util.ArrayList<>(CAPABILITIES);
        capabilities.addAll(extensionCapabilities);
        return HttpResult.wire(200, new ServerConfig(API_VERSION, SERVER_VERSION, MINIMUM_CLIENT_VERSION, capabilities,
                router.names(), defaults, StorageRoutes.roots(catalog.roots())));
    }

    private HttpResult describeCatalog(Router.Call c) {
        String name = c.param("catalog");
        if (!name.equals(catalogName)) {
            throw new NotFoundException("catalog '" + name + "' does not exist; this server serves '" + catalogName + "'");
        }
        return HttpResult.wire(200, new io.deltacat.wire.common.Catalog(catalogName,
                StorageRoutes.roots(catalog.roots())));
    }

    // ---------------------------------------------------------------- namespaces

    private HttpResult listNamespaces() throws Exception {
        return HttpResult.wire(200, new NamespaceList(catalog.namespaces().listNamespaces().stream()
                .map(ApiRoutes::namespace).toList()));
    }

    private HttpResult createNamespace(Router.Call c) throws Exception {
        CreateNamespaceRequest r = Json.read(c.body(), CreateNamespaceRequest.class);
        return HttpResult.wire(201, namespace(catalog.namespaces().createNamespace(r.name(), orEmpty(r.properties()))));
    }

    private HttpResult dropNamespace(Router.Call c) throws Exception {
        String cascade = c.query().getOrDefault("cascade", "false");
        if (!cascade.equals("true") && !cascade.equals("false")) {
            throw new InvalidRequestException("query parameter 'cascade' must be true or false, got '" + cascade + "'");
        }
        catalog.namespaces().dropNamespace(c.param("namespace"), cascade.equals("true"));
        return HttpResult.noContent();
    }

    private static Namespace namespace(Model.Namespace ns) {
        return new Namespace(ns.name(), ns.properties(), ns.createdAt());
    }

    private static Map<String, String> orEmpty(Map<String, String> m) {
        return m == null ? new LinkedHashMap<>() : m;
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }

    // ---------------------------------------------------------------- tables

    private HttpResult listTables(Router.Call c) throws Exception {
        return HttpResult.wire(200, new TableList(catalog.tables().listTables(c.param("namespace"),
                TransactionRoutes.transactionId(c)).stream().map(CatalogWire::table).toList()));
    }

    private HttpResult createTable(Router.Call c) throws Exception {
        CreateTableRequest r = Json.read(c.body(), CreateTableRequest.class);
        Model.CreateTable req = new Model.CreateTable(r.name(), CatalogWire.schema(r.schema(), "schema",
                "CreateTableRequest"), r.format() == null ? "parquet" : r.format(), orEmpty(r.properties()),
                Boolean.TRUE.equals(r.autoCreateNamespace()), orEmpty(r.mergeKeys()),
                CatalogWire.layout(r.partitionKeys(), r.sortKeys()));
        return HttpResult.wire(201, CatalogWire.table(catalog.tables().createTable(c.param("namespace"), req,
                TransactionRoutes.transactionId(c))));
    }

    private HttpResult alterTable(Router.Call c) throws Exception {
        AlterTableRequest r = Json.read(c.body(), AlterTableRequest.class);
        List<AlterTableOptions.SchemaChange> changes = new ArrayList<>();
        if (r.changes() != null) {
            for (int i = 0; i < r.changes().size(); i++) {
                changes.add(CatalogWire.change(r.changes().get(i), "AlterTableRequest.changes[" + i + "]"));
            }
        }
        Map<String, String> props = orEmpty(r.properties());
        if (changes.isEmpty() && props.isEmpty()) {
            throw new InvalidRequestException("an AlterTableRequest needs at least one change or property");
        }
        return HttpResult.wire(200, CatalogWire.table(catalog.tables().alterTable(c.param("namespace"),
                c.param("table"), new Model.AlterTable(changes, props), TransactionRoutes.transactionId(c))));
    }

    // ---------------------------------------------------------------- writes

    private HttpResult beginWrite(Router.Call c) throws Exception {
        BeginWriteRequest r = Json.read(c.body(), BeginWriteRequest.class);
        Model.BeginWrite req = new Model.BeginWrite(r.mode().wire(), CatalogWire.schema(r.schema(), "schema",
                "BeginWriteRequest"), r.format() == null ? "parquet" : r.format(),
                r.autoCreateNamespace() == null || r.autoCreateNamespace(), orEmpty(r.tableProperties()),
                orEmpty(r.mergeKeys()), CatalogWire.layout(r.partitionKeys(), r.sortKeys()));
        Model.WriteSession s = catalog.writes().beginWrite(c.param("namespace"), c.param("table"), req,
                TransactionRoutes.transactionId(c));
        return HttpResult.wire(201, CatalogWire.session(s, access));
    }

    private HttpResult commit(Router.Call c) throws Exception {
        Model.Commit commit = CatalogWire.commit(Json.read(c.body(), CommitRequest.class));
        Model.CommitResult r = catalog.commits().commit(c.param("writeId"), commit);
        // a write inside a transaction is only prepared: it gets its commit time with the transaction
        boolean committed = r.commitTime() > 0;
        return HttpResult.wire(200, new CommitResult(r.writeId(), r.commitId(),
                committed ? CommitResultState.COMMITTED : CommitResultState.PREPARED,
                committed ? r.commitTime() : null, r.namespace(), r.table(), CommitResultDeltaType.of(r.deltaType()),
                r.fileCount(), r.rowCount(), r.tableCreated()));
    }

    private static WriteStatus writeStatus(Model.WriteStatus w) {
        return new WriteStatus(w.writeId(), WriteStatusState.of(w.state()), w.namespace(), w.table(), w.commitId(),
                w.commitTime());
    }

    // ---------------------------------------------------------------- plans

    private HttpResult plan(Router.Call c) throws Exception {
        PlanRequest r = Json.read(c.body(), PlanRequest.class);
        if (r.filter() != null && !r.filter().isNull() && !r.filter().isObject()) {
            throw new InvalidRequestException("field 'filter' in PlanRequest must be an object");
        }
        Model.PlanRequest req = new Model.PlanRequest(r.columns(),
                r.filter() == null || r.filter().isNull() ? null : StoredJson.plain(r.filter()),
                Json.atLeast(r.limit(), 0, "limit", "PlanRequest"), Json.atLeast(r.asOf(), 0, "asOf", "PlanRequest"), r.root());
        Model.Plan p = catalog.planner().plan(c.param("namespace"), c.param("table"), req, TransactionRoutes.transactionId(c));
        return HttpResult.wire(200, CatalogWire.plan(p, access));
    }
}
