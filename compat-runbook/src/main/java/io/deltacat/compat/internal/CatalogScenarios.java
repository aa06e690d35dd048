package io.deltacat.compat.internal;

import static io.deltacat.compat.internal.Checks.check;
import static io.deltacat.compat.internal.Checks.equal;
import static io.deltacat.compat.internal.Checks.expectThrows;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.error.AlreadyExistsException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.model.NamespaceInfo;
import io.deltacat.api.model.PartitionKey;
import io.deltacat.api.model.ReadPlan;
import io.deltacat.api.model.ServerInfo;
import io.deltacat.api.model.TableInfo;
import io.deltacat.api.expr.Predicate;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/** Scenarios of the server's config and of catalog metadata: namespaces, tables, layout, evolution. */
final class CatalogScenarios {
    /** Routes each capability promises; a server advertising the capability must serve them. */
    static final Map<String, List<String>> CAPABILITY_ROUTES = Map.of(
            "catalog", List.of("GET /v1/namespaces", "POST /v1/namespaces", "GET /v1/namespaces/{namespace}/tables",
                    "POST /v1/namespaces/{namespace}/tables", "GET /v1/namespaces/{namespace}/tables/{table}"),
            "staged-writes", List.of("POST /v1/namespaces/{namespace}/tables/{table}/writes",
                    "POST /v1/writes/{writeId}/commit", "DELETE /v1/writes/{writeId}"),
            "read-plan", List.of("POST /v1/namespaces/{namespace}/tables/{table}/plan"),
            "jobs", List.of("POST /v1/jobs", "GET /v1/jobs/{jobId}", "POST /v1/jobs/claim", "POST /v1/jobs/{jobId}/complete"),
            "transactions", List.of("POST /v1/transactions", "POST /v1/transactions/{transactionId}/commit"),
            "pipelines", List.of("POST /v1/nodes", "GET /v1/pipelines", "GET /v1/pipelines/{pipelineId}/status"),
            "schema-evolution", List.of("POST /v1/namespaces/{namespace}/tables/{table}/alter"));

    private CatalogScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
                Scenario.reading("server/config", "GET /v1/config reports versions, capabilities and endpoints, and every"
                        + " advertised capability's routes are served", List.of(), CatalogScenarios::config),
                Scenario.reading("catalog/browse", "every namespace listed can be read back, with its tables",
                        List.of("catalog"), CatalogScenarios::browse),
                Scenario.writing("catalog/namespaces", "create (with properties), get, list, exists, duplicate refused,"
                        + " drop, gone", List.of("catalog"), CatalogScenarios::namespaces),
                Scenario.writing("catalog/tables", "create with a schema, describe, list, exists, drop, not found after",
                        List.of("catalog"), CatalogScenarios::tables),
                Scenario.writing("layout/partitioning", "a partitioned table keeps partition values per file and a filter"
                        + " on the key prunes files", List.of("catalog", "staged-writes", "read-plan", "partitioning"),
                        CatalogScenarios::partitioning),
                Scenario.writing("evolution/add-rename", "add a column and rename another: old rows read with null and"
                        + " under the new name", List.of("catalog", "staged-writes", "read-plan", "schema-evolution"),
                        CatalogScenarios::evolution));
    }

    private static void config(ScenarioContext ctx) {
        ServerInfo info = ctx.serverInfo();
        check(info.apiVersion() != null && !info.apiVersion().isBlank(), "apiVersion is empty");
        check(info.serverVersion() != null && !info.serverVersion().isBlank(), "serverVersion is empty");
        check(info.endpoints().contains("GET /v1/config"), "the endpoint list does not name GET /v1/config itself");
        for (String capability : info.capabilities()) {
            for (String route : CAPABILITY_ROUTES.getOrDefault(capability, List.of())) {
                check(info.endpoints().contains(route), "capability '" + capability + "' is advertised but route '"
                        + route + "' is not served");
            }
        }
    }

    private static void browse(ScenarioContext ctx) {
        CatalogClient catalog = ctx.client().catalog();
        List<NamespaceInfo> namespaces = catalog.listNamespaces();
        for (NamespaceInfo ns : namespaces.subList(0, Math.min(20, namespaces.size()))) {
            NamespaceInfo again = catalog.getNamespace(ns.name());
            equal(ns.properties(), again.properties(), "properties of namespace " + ns.name());
            List<TableInfo> tables = catalog.listTables(ns.name());
            for (TableInfo t : tables.subList(0, Math.min(5, tables.size()))) {
                TableInfo one = catalog.getTable(ns.name(), t.name());
                equal(t.format(), one.format(), "format of " + ns.name() + "." + t.name());
                equal(t.schema().getFields().size(), one.schema().getFields().size(),
                        "column count of " + ns.name() + "." + t.name());
            }
        }
    }

    private static void namespaces(ScenarioContext ctx) {
        CatalogClient catalog = ctx.client().catalog();
        String name = ctx.unique("ns").replace('-', '_');
        ctx.onCleanup("drop namespace " + name, () -> {
            if (catalog.namespaceExists(name)) {
                catalog.dropNamespace(name, true);
            }
        });
        NamespaceInfo created = catalog.createNamespace(name, Map.of("owner", "compat", "purpose", "runbook"));
        equal(name, created.name(), "created namespace name");
        equal(Map.of("owner", "compat", "purpose", "runbook"), catalog.getNamespace(name).properties(),
                "namespace properties read back");
        check(catalog.listNamespaces().stream().anyMatch(n -> n.name().equals(name)), "listNamespaces lacks " + name);
        check(catalog.namespaceExists(name), "namespaceExists is false for " + name);
        expectThrows(AlreadyExistsException.class, "creating " + name + " again", () -> catalog.createNamespace(name));
        catalog.dropNamespace(name);
        check(!catalog.namespaceExists(name), "namespace " + name + " still exists after drop");
        expectThrows(NotFoundException.class, "get of a dropped namespace", () -> catalog.getNamespace(name));
    }

    private static void tables(ScenarioContext ctx) {
        CatalogClient catalog = ctx.client().catalog();
        String ns = ctx.namespace();
        TableInfo created = catalog.createTable(o -> o.namespace(ns).table("people").schema(Data.PEOPLE)
                .property("compat", "yes"));
        TableInfo t = catalog.getTable(ns, "people");
        equal(List.of("id", "name", "age"), t.schema().getFields().stream().map(Field::getName).toList(), "columns");
        equal(new ArrowType.Int(64, true), t.schema().findField("id").getType(), "type of id");
        check(!t.schema().findField("id").isNullable(), "id lost its not-null");
        equal(created.format(), t.format(), "format");
        equal("yes", t.properties().get("compat"), "table property read back");
        equal(0L, t.rowCount(), "rows of a new table");
        check(catalog.listTables(ns).stream().anyMatch(x -> x.name().equals("people")), "listTables lacks people");
        check(catalog.tableExists(ns, "people"), "tableExists is false");
        expectThrows(AlreadyExistsException.class, "creating the table again",
                () -> catalog.createTable(o -> o.namespace(ns).table("people").schema(Data.PEOPLE)));
        catalog.dropTable(ns, "people");
        check(!catalog.tableExists(ns, "people"), "table still exists after drop");
        expectThrows(NotFoundException.class, "get of a dropped table", () -> catalog.getTable(ns, "people"));
    }

    private static void partitioning(ScenarioContext ctx) throws Exception {
        CatalogClient catalog = ctx.client().catalog();
        String ns = ctx.namespace();
        catalog.createTable(o -> o.namespace(ns).table("parts").schema(Data.PEOPLE)
                .partitionBy(PartitionKey.identity("name")));
        List<List<Object>> rows = List.of(Data.row(1, "a", 1L), Data.row(2, "b", 2L), Data.row(3, "a", 3L));
        try (VectorSchemaRoot batch = Data.people(ctx.client().allocator(), rows)) {
            catalog.write(batch, w -> w.namespace(ns).table("parts"));
        }
        ReadPlan all = catalog.plan(q -> q.namespace(ns).table("parts"));
        equal(2, all.files().size(), "files of 2 partition values");
        ReadPlan onlyA = catalog.plan(q -> q.namespace(ns).table("parts").filter(Predicate.eq("name", "a")));
        equal(1, onlyA.files().size(), "files left after filtering on the partition key");
        equal(List.of(Data.row(1, "a", 1L), Data.row(3, "a", 3L)),
                Data.read(ctx.client(), q -> q.namespace(ns).table("parts").filter(Predicate.eq("name", "a"))),
                "rows of partition a");
    }

    private static void evolution(ScenarioContext ctx) throws Exception {
        CatalogClient catalog = ctx.client().catalog();
        String ns = ctx.namespace();
        try (VectorSchemaRoot batch = Data.people(ctx.client().allocator(), Data.firstPeople(1, 2))) {
            catalog.write(batch, w -> w.namespace(ns).table("evolving"));
        }
        TableInfo altered = catalog.alterTable(a -> a.namespace(ns).table("evolving")
                .addField(Field.nullable("color", ArrowType.Utf8.INSTANCE)).renameField("age", "age_years"));
        equal(List.of("id", "name", "age_years", "color"),
                altered.schema().getFields().stream().map(Field::getName).toList(), "columns after alter");
        check(altered.schemaVersion() > 1, "schema version did not grow: " + altered.schemaVersion());
        equal(List.of(List.of(1L, 10L), List.of(2L, 20L)),
                Data.read(ctx.client(), q -> q.namespace(ns).table("evolving").columns("id", "age_years")),
                "old rows under the renamed column");
        List<List<Object>> colors = Data.read(ctx.client(), q -> q.namespace(ns).table("evolving").columns("id", "color"));
        check(colors.size() == 2 && colors.stream().allMatch(r -> r.get(1) == null),
                "the added column should read null in old rows, got " + colors);
    }
}
