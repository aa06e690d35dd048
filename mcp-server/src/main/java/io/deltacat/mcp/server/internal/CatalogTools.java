package io.deltacat.mcp.server.internal;

import io.deltacat.api.model.DataFile;
import io.deltacat.api.model.CatalogInfo;
import io.deltacat.api.model.NamespaceInfo;
import io.deltacat.api.model.ReadPlan;
import io.deltacat.api.model.TableInfo;
import io.deltacat.mcp.server.internal.ToolKit.Kind;
import io.deltacat.mcp.tools.ToolArgs;
import io.deltacat.mcp.tools.ToolResults;
import io.deltacat.mcp.tools.Tools;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Catalog tools: the catalog and its roots, namespaces, tables (schema, keys, properties), history, drop. */
final class CatalogTools {
    private CatalogTools() {
    }

    static List<SyncToolSpecification> all(ToolKit kit, String catalogName) {
        return List.of(
                kit.tool(Tools.DESCRIBE_CATALOG, "Describe the catalog: its name and data roots (name, URI, default).",
                        ToolArgs.None.class, CatalogInfo.class, WireMirror.of("GET", "/v1/catalogs/{catalog}"), Kind.READ_ONLY,
                        (call, a) -> call.client().catalog().describeCatalog(catalogName)),
                kit.tool(Tools.LIST_NAMESPACES, "List the namespaces with their properties.",
                        ToolArgs.None.class, ToolResults.Namespaces.class, WireMirror.of("GET", "/v1/namespaces"), Kind.READ_ONLY,
                        (call, a) -> new ToolResults.Namespaces(call.client().catalog().listNamespaces())),
                kit.tool(Tools.GET_NAMESPACE, "Get one namespace and its properties.",
                        ToolArgs.Namespace.class, NamespaceInfo.class, WireMirror.of("GET", "/v1/namespaces/{namespace}"),
                        Kind.READ_ONLY, (call, a) -> call.client().catalog().getNamespace(a.namespace())),
                kit.tool(Tools.LIST_TABLES, "List the tables of a namespace, each with schema, format, properties,"
                        + " row and file counts, partition and sort keys.", ToolArgs.Namespace.class, ToolResults.Tables.class,
                        WireMirror.of("GET", "/v1/namespaces/{namespace}/tables"), Kind.READ_ONLY,
                        (call, a) -> new ToolResults.Tables(call.client().catalog().listTables(a.namespace()))),
                kit.tool(Tools.GET_TABLE, "Get a table: its schema (Arrow JSON; merge key columns carry"
                        + " deltacat.merge_key=true), merge keys, partition and sort keys, properties, format, row"
                        + " and file counts, latest commit time.", ToolArgs.Table.class, ToolResults.Table.class,
                        WireMirror.of("GET", "/v1/namespaces/{namespace}/tables/{table}").ownResult(), Kind.READ_ONLY,
                        (call, a) -> {
                            TableInfo t = call.client().catalog().getTable(a.namespace(), a.table());
                            return new ToolResults.Table(t, t.mergeKeys());
                        }),
                kit.tool(Tools.TABLE_HISTORY, "The deltas (commits) the table's current snapshot is made of, newest"
                        + " first: stream position (commit time, ns), type (append, upsert, delete, replace,"
                        + " compacted), files, rows, bytes. Deltas a compaction or replace superseded are not listed.",
                        ToolArgs.Table.class, ToolResults.History.class,
                        WireMirror.of("POST", "/v1/namespaces/{namespace}/tables/{table}/plan").ownResult(), Kind.READ_ONLY, (call, a) -> history(call.client().catalog().plan(
                                o -> o.namespace(a.namespace()).table(a.table())))),
                kit.tool(Tools.DROP_TABLE, "Drop a table (it can be restored with the REST API's undrop within the"
                        + " server's retention window). Destructive.", ToolArgs.Table.class, Map.class,
                        WireMirror.of("DELETE", "/v1/namespaces/{namespace}/tables/{table}").ownResult(), Kind.DESTRUCTIVE,
                        (call, a) -> {
                            call.client().catalog().dropTable(a.namespace(), a.table());
                            return Map.<String, Object>of("namespace", a.namespace(), "table", a.table(), "dropped", true);
                        }));
    }

    static ToolResults.History history(ReadPlan plan) {
        Map<Long, long[]> byDelta = new TreeMap<>(Comparator.reverseOrder());
        Map<Long, String> types = new TreeMap<>();
        for (DataFile f : plan.files()) {
            long[] s = byDelta.computeIfAbsent(f.streamPosition(), k -> new long[3]);
            s[0]++;
            s[1] += f.rowCount();
            s[2] += f.sizeBytes();
            types.put(f.streamPosition(), f.deltaType());
        }
        List<ToolResults.Delta> deltas = new ArrayList<>();
        byDelta.forEach((pos, s) -> deltas.add(new ToolResults.Delta(pos, types.get(pos), (int) s[0], s[1], s[2])));
        return new ToolResults.History(plan.namespace(), plan.table(), plan.snapshotTime(), deltas);
    }
}
