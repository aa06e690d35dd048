package io.deltacat.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.model.MergeKeys;
import io.deltacat.api.options.AlterTableOptions;
import io.deltacat.server.internal.auth.Users;
import io.deltacat.server.internal.catalog.Catalog;
import io.deltacat.server.internal.catalog.Layout;
import io.deltacat.server.internal.catalog.Model;
import io.deltacat.server.internal.catalog.Namespaces;
import io.deltacat.server.internal.jobs.JobServices;
import io.deltacat.server.internal.pipelines.PipelineServices;
import io.deltacat.server.internal.store.StoredJson;
import io.deltacat.server.internal.storage.DataAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        router.add("GET", "/v1/namespaces/{namespace}", c -> HttpResult.json(200,
                namespace(catalog.namespaces().getNamespace(c.param("namespace")))));
        router.add("DELETE", "/v1/namespaces/{namespace}", this::dropNamespace);
        router.add("GET", "/v1/namespaces/{namespace}/tables", this::listTables);
        router.add("POST", "/v1/namespaces/{namespace}/tables", this::createTable);
        router.add("GET", "/v1/namespaces/{namespace}/tables/{table}", c -> HttpResult.json(200,
                table(catalog.tables().getTable(c.param("namespace"), c.param("table"), TransactionRoutes.transactionId(c)))));
        router.add("DELETE", "/v1/namespaces/{namespace}/tables/{table}", c -> {
            catalog.tables().dropTable(c.param("namespace"), c.param("table"), TransactionRoutes.transactionId(c));
            return HttpResult.noContent();
        });
        router.add("POST", "/v1/namespaces/{namespace}/tables/{table}/alter", this::alterTable);
        router.add("POST", "/v1/namespaces/{namespace}/tables/{table}/undrop", c -> {
            if (c.body().length > 0) {
                Json.parse(c.body(), "UndropTableRequest", Set.of()); // an empty object, or no body
            }
            return HttpResult.json(200, table(catalog.tables().undropTable(c.param("namespace"), c.param("table"))));
        });
        router.add("POST", "/v1/namespaces/{namespace}/tables/{table}/writes", this::beginWrite);
        router.add("POST", "/v1/namespaces/{namespace}/tables/{table}/plan", Router.Resend.READ, this::plan);
        router.add("GET", "/v1/writes/{writeId}", c -> HttpResult.json(200,
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
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("apiVersion", API_VERSION);
        n.put("serverVersion", SERVER_VERSION);
        n.put("minimumClientVersion", MINIMUM_CLIENT_VERSION);
        ArrayNode caps = n.putArray("capabilities");
        CAPABILITIES.forEach(caps::add);
        extensionCapabilities.forEach(caps::add);
        ArrayNode endpoints = n.putArray("endpoints");
        router.names().forEach(endpoints::add);
        ObjectNode defaults = n.putObject("defaults");
        defaults.put("namespace", Namespaces.DEFAULT_NAMESPACE);
        defaults.put("format", "parquet");
        defaults.put("catalog", catalogName);
        n.set("roots", roots());
        return HttpResult.json(200, n);
    }

    private ArrayNode roots() {
        return StorageRoutes.roots(catalog.roots());
    }

    private HttpResult describeCatalog(Router.Call c) {
        String name = c.param("catalog");
        if (!name.equals(catalogName)) {
            throw new NotFoundException("catalog '" + name + "' does not exist; this server serves '" + catalogName + "'");
        }
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("name", catalogName);
        n.set("roots", roots());
        return HttpResult.json(200, n);
    }

    // ---------------------------------------------------------------- namespaces

    private HttpResult listNamespaces() throws Exception {
        ObjectNode n = Json.MAPPER.createObjectNode();
        ArrayNode arr = n.putArray("namespaces");
        catalog.namespaces().listNamespaces().forEach(ns -> arr.add(namespace(ns)));
        return HttpResult.json(200, n);
    }

    private HttpResult createNamespace(Router.Call c) throws Exception {
        Json.Obj o = Json.parse(c.body(), "CreateNamespaceRequest", Set.of("name", "properties"));
        String name = o.string("name");
        Map<String, String> props = o.properties("properties");
        return HttpResult.json(201, namespace(catalog.namespaces().createNamespace(name, props)));
    }

    private HttpResult dropNamespace(Router.Call c) throws Exception {
        String cascade = c.query().getOrDefault("cascade", "false");
        if (!cascade.equals("true") && !cascade.equals("false")) {
            throw new InvalidRequestException("query parameter 'cascade' must be true or false, got '" + cascade + "'");
        }
        catalog.namespaces().dropNamespace(c.param("namespace"), cascade.equals("true"));
        return HttpResult.noContent();
    }

    private static ObjectNode namespace(Model.Namespace ns) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("name", ns.name());
        ObjectNode p = n.putObject("properties");
        ns.properties().forEach(p::put);
        n.put("createdAt", ns.createdAt());
        return n;
    }

    // ---------------------------------------------------------------- tables

    private HttpResult listTables(Router.Call c) throws Exception {
        ObjectNode n = Json.MAPPER.createObjectNode();
        ArrayNode arr = n.putArray("tables");
        catalog.tables().listTables(c.param("namespace"), TransactionRoutes.transactionId(c)).forEach(t -> arr.add(table(t)));
        return HttpResult.json(200, n);
    }

    private HttpResult createTable(Router.Call c) throws Exception {
        Json.Obj o = Json.parse(c.body(), "CreateTableRequest",
                Set.of("name", "schema", "format", "properties", "autoCreateNamespace", "mergeKeys", "partitionKeys",
                        "sortKeys"));
        Model.CreateTable req = new Model.CreateTable(o.string("name"), o.schema("schema"),
                o.string("format", "parquet"), o.properties("properties"), o.bool("autoCreateNamespace", false),
                mergeKeys(o), layout(o, "CreateTableRequest"));
        return HttpResult.json(201, table(catalog.tables().createTable(c.param("namespace"), req,
                TransactionRoutes.transactionId(c))));
    }

    private static List<String> mergeKeys(Json.Obj o) {
        List<String> keys = o.stringsOrNull("mergeKeys");
        return keys == null ? List.of() : keys;
    }

    private static void putMergeKeys(ObjectNode n, org.apache.arrow.vector.types.pojo.Schema schema) {
        ArrayNode keys = n.putArray("mergeKeys");
        MergeKeys.of(schema).forEach(keys::add);
    }

    private static ObjectNode table(Model.Table t) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("namespace", t.namespace());
        n.put("name", t.name());
        n.set("schema", Json.schema(t.schema()));
        putMergeKeys(n, t.schema());
        n.put("format", t.format());
        ObjectNode p = n.putObject("properties");
        t.properties().forEach(p::put);
        n.put("createdAt", t.createdAt());
        if (t.latestCommitTime() != null) {
            n.put("latestCommitTime", t.latestCommitTime());
        }
        n.put("rowCount", t.rowCount());
        n.put("fileCount", t.fileCount());
        n.set("partitionKeys", Layout.partitionJson(t.layout().partitionKeys()));
        n.set("sortKeys", Layout.sortJson(t.layout().sortKeys()));
        n.put("schemaVersion", t.schemaVersion());
        return n;
    }

    private static Layout layout(Json.Obj o, String what) {
        return new Layout(Layout.partitionKeys(o.nodeOrNull("partitionKeys"), what + ".partitionKeys"),
                Layout.sortKeys(o.nodeOrNull("sortKeys"), what + ".sortKeys"));
    }

    private HttpResult alterTable(Router.Call c) throws Exception {
        Json.Obj o = Json.parse(c.body(), "AlterTableRequest", Set.of("changes", "properties"));
        List<AlterTableOptions.SchemaChange> changes = new ArrayList<>();
        JsonNode list = o.nodeOrNull("changes");
        if (list != null) {
            if (!list.isArray()) {
                throw new InvalidRequestException("field 'changes' in AlterTableRequest must be an array");
            }
            int i = 0;
            for (JsonNode ch : list) {
                changes.add(change(ch, "AlterTableRequest.changes[" + i++ + "]"));
            }
        }
        Map<String, String> props = o.properties("properties");
        if (changes.isEmpty() && props.isEmpty()) {
            throw new InvalidRequestException("an AlterTableRequest needs at least one change or property");
        }
        return HttpResult.json(200, table(catalog.tables().alterTable(c.param("namespace"), c.param("table"),
                new Model.AlterTable(changes, props), TransactionRoutes.transactionId(c))));
    }

    private static AlterTableOptions.SchemaChange change(JsonNode n, String what) {
        if (n == null || !n.isObject() || !n.path("op").isTextual()) {
            throw new InvalidRequestException(what + " must be an object with a string 'op'");
        }
        String op = n.get("op").textValue();
        switch (op) {
            case "addField": {
                Json.Obj o = Json.Obj.of(n, what, Set.of("op", "field", "default"));
                JsonNode dflt = o.nodeOrNull("default");
                if (dflt != null && !dflt.isValueNode()) {
                    throw new InvalidRequestException("field 'default' in " + what + " must be a JSON scalar");
                }
                return new AlterTableOptions.AddField(Json.field(o.nodeOrNull("field"), what + ".field"),
                        dflt == null ? null : StoredJson.plain(dflt));
            }
            case "renameField": {
                Json.Obj o = Json.Obj.of(n, what, Set.of("op", "name", "newName"));
                return new AlterTableOptions.RenameField(o.string("name"), o.string("newName"));
            }
            case "widenField": {
                Json.Obj o = Json.Obj.of(n, what, Set.of("op", "name", "type"));
                ObjectNode f = Json.MAPPER.createObjectNode().put("name", o.string("name")).put("nullable", true);
                f.set("type", o.objectOrNull("type"));
                f.putArray("children");
                return new AlterTableOptions.WidenField(o.string("name"), Json.field(f, what + ".type").getType());
            }
            case "dropField": {
                Json.Obj o = Json.Obj.of(n, what, Set.of("op", "name"));
                return new AlterTableOptions.DropField(o.string("name"));
            }
            case "setMergeKeys": {
                Json.Obj o = Json.Obj.of(n, what, Set.of("op", "fields"));
                List<String> fields = o.stringsOrNull("fields");
                if (fields == null) {
                    throw new InvalidRequestException("missing required field 'fields' in " + what);
                }
                return new AlterTableOptions.SetMergeKeys(fields);
            }
            default:
                throw new InvalidRequestException("unknown op '" + op + "' in " + what
                        + "; known: addField, renameField, widenField, dropField, setMergeKeys");
        }
    }

    // ---------------------------------------------------------------- writes

    private HttpResult beginWrite(Router.Call c) throws Exception {
        Json.Obj o = Json.parse(c.body(), "BeginWriteRequest",
                Set.of("mode", "schema", "format", "autoCreateNamespace", "tableProperties", "mergeKeys",
                        "partitionKeys", "sortKeys"));
        Model.BeginWrite req = new Model.BeginWrite(o.string("mode"), o.schema("schema"),
                o.string("format", "parquet"), o.bool("autoCreateNamespace", true), o.properties("tableProperties"),
                mergeKeys(o), layout(o, "BeginWriteRequest"));
        Model.WriteSession s = catalog.writes().beginWrite(c.param("namespace"), c.param("table"), req,
                TransactionRoutes.transactionId(c));
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("writeId", s.writeId());
        n.put("namespace", s.namespace());
        n.put("table", s.table());
        n.put("mode", s.mode());
        n.put("format", s.format());
        n.put("stagingUri", s.stagingUri());
        n.put("expiresAt", s.expiresAt());
        n.put("tableExists", s.tableExists());
        n.set("schema", Json.schema(s.schema()));
        n.set("partitionKeys", Layout.partitionJson(s.layout().partitionKeys()));
        n.set("sortKeys", Layout.sortJson(s.layout().sortKeys()));
        ObjectNode props = n.putObject("tableProperties");
        s.tableProperties().forEach(props::put);
        ArrayNode keys = n.putArray("mergeKeys");
        s.mergeKeys().forEach(keys::add);
        n.set("credentials", StorageRoutes.credentials(access.forWrite(s.stagingUri(), s.format())));
        return HttpResult.json(201, n);
    }

    private HttpResult commit(Router.Call c) throws Exception {
        Json.Obj o = Json.parse(c.body(), "CommitRequest", Set.of("commitId", "files", "layoutManifest",
                "expectedSnapshot"));
        Model.Commit commit = commitRequest(o, "CommitRequest");
        Model.CommitResult r = catalog.commits().commit(c.param("writeId"), commit);
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("writeId", r.writeId());
        n.put("commitId", r.commitId());
        // a write inside a transaction is only prepared: it gets its commit time with the transaction
        n.put("state", r.commitTime() > 0 ? "committed" : "prepared");
        if (r.commitTime() > 0) {
            n.put("commitTime", r.commitTime());
        }
        n.put("namespace", r.namespace());
        n.put("table", r.table());
        n.put("deltaType", r.deltaType());
        n.put("fileCount", r.fileCount());
        n.put("rowCount", r.rowCount());
        n.put("tableCreated", r.tableCreated());
        return HttpResult.json(200, n);
    }

    /** The commit id and manifest of a commit (or prepare) request. */
    static Model.Commit commitRequest(Json.Obj o, String what) {
        String commitId = o.string("commitId");
        if (commitId.isEmpty()) {
            throw new InvalidRequestException("field 'commitId' in " + what + " must not be empty");
        }
        List<Model.CommitFile> files = new ArrayList<>();
        int i = 0;
        for (JsonNode f : o.array("files")) {
            String fileWhat = what + ".files[" + i++ + "]";
            Json.Obj fo = Json.Obj.of(f, fileWhat, Set.of("path", "format", "rowCount", "sizeBytes", "columns",
                    "partitionValues"));
            ObjectNode columns = fo.objectOrNull("columns");
            if (columns != null) {
                checkStats(columns, fileWhat);
            }
            JsonNode partitionValues = fo.nodeOrNull("partitionValues");
            if (partitionValues != null && !partitionValues.isArray()) {
                throw new InvalidRequestException("field 'partitionValues' in " + fileWhat + " must be an array");
            }
            files.add(new Model.CommitFile(fo.string("path"), fo.string("format"), fo.integer("rowCount", 0),
                    fo.integer("sizeBytes", 0), columns, partitionValues));
        }
        JsonNode manifestNode = o.nodeOrNull("layoutManifest");
        String manifest = manifestNode == null || manifestNode.isNull() ? null : o.string("layoutManifest");
        Long expected = o.integerOrNull("expectedSnapshot", 0);
        return new Model.Commit(commitId, files, manifest, expected);
    }

    private static void checkStats(ObjectNode columns, String what) {
        for (Map.Entry<String, JsonNode> e : columns.properties()) {
            Json.Obj s = Json.Obj.of(e.getValue(), what + ".columns['" + e.getKey() + "']",
                    Set.of("min", "max", "nullCount"));
            s.integer("nullCount", 0);
        }
    }

    private static ObjectNode writeStatus(Model.WriteStatus w) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("writeId", w.writeId());
        n.put("state", w.state());
        n.put("namespace", w.namespace());
        n.put("table", w.table());
        if (w.commitId() != null) {
            n.put("commitId", w.commitId());
        }
        if (w.commitTime() != null) {
            n.put("commitTime", w.commitTime());
        }
        return n;
    }

    // ---------------------------------------------------------------- plans

    private HttpResult plan(Router.Call c) throws Exception {
        Json.Obj o = Json.parse(c.body(), "PlanRequest", Set.of("columns", "filter", "limit", "asOf", "root"));
        ObjectNode filter = o.objectOrNull("filter");
        Model.PlanRequest req = new Model.PlanRequest(o.stringsOrNull("columns"),
                filter == null ? null : StoredJson.plain(filter), o.integerOrNull("limit", 0),
                o.integerOrNull("asOf", 0), o.string("root", null));
        Model.Plan p = catalog.planner().plan(c.param("namespace"), c.param("table"), req, TransactionRoutes.transactionId(c));
        return HttpResult.json(200, planJson(p, access));
    }

    /** A thin read plan as the wire shows it ({@code ReadPlan}), with access to exactly its files. */
    static ObjectNode planJson(Model.Plan p, DataAccess access) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("namespace", p.namespace());
        n.put("table", p.table());
        n.set("schema", Json.schema(p.schema()));
        putMergeKeys(n, p.schema());
        n.put("snapshotTime", p.snapshotTime());
        if (p.layoutManifest() != null) {
            n.put("layoutManifest", p.layoutManifest());
        }
        ArrayNode files = n.putArray("files");
        for (Model.PlannedFile f : p.files()) {
            ObjectNode fn = files.addObject();
            fn.put("uri", f.uri());
            fn.put("format", f.format());
            fn.put("rowCount", f.rowCount());
            fn.put("sizeBytes", f.sizeBytes());
            fn.put("deltaType", f.deltaType());
            fn.put("streamPosition", f.streamPosition());
            if (f.columns() != null) {
                fn.set("columns", f.columns());
            }
            if (f.partitionValues() != null) {
                fn.set("partitionValues", f.partitionValues());
            }
            fn.put("schemaVersion", f.schemaVersion());
        }
        n.put("totalFiles", p.totalFiles());
        ObjectNode schemas = n.putObject("fileSchemas");
        p.fileSchemas().forEach((v, s) -> schemas.set(Integer.toString(v), Json.schema(s)));
        List<String> uris = p.files().stream().map(Model.PlannedFile::uri).toList();
        n.set("credentials", StorageRoutes.credentials(uris.isEmpty() ? List.of()
                : access.forRead(p.namespace(), p.table(), p.files().get(0).format(), uris)));
        return n;
    }
}
