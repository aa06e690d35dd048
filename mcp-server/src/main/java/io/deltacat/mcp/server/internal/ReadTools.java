package io.deltacat.mcp.server.internal;

import io.deltacat.api.error.ProblemType;
import io.deltacat.api.expr.PredicateCodec;
import io.deltacat.api.model.DataFile;
import io.deltacat.api.model.ReadPlan;
import io.deltacat.wire.catalog.PlanRequest;
import io.deltacat.api.options.ReadOptions;
import io.deltacat.mcp.server.internal.ToolKit.Kind;
import io.deltacat.mcp.server.internal.ToolKit.ToolException;
import io.deltacat.mcp.tools.ToolArgs;
import io.deltacat.mcp.tools.ToolJson;
import io.deltacat.mcp.tools.ToolResults;
import io.deltacat.mcp.tools.Tools;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;

/** Read tools: a plan's summary, and a sample of rows under hard row and byte caps. */
final class ReadTools {
    private static final long DEFAULT_SAMPLE = 20;

    private ReadTools() {
    }

    static List<SyncToolSpecification> all(ToolKit kit, long maxRows, long maxBytes) {
        return List.of(
                kit.tool(Tools.PLAN_READ, "Plan a read (columns, filter, limit, asOf) and summarize it: snapshot"
                        + " time, files to read out of the snapshot's, rows and bytes, whether merge-on-read applies."
                        + " Reads no data.", ToolArgs.Read.class, ToolResults.PlanSummary.class,
                        WireMirror.of("POST", "/v1/namespaces/{namespace}/tables/{table}/plan").body(PlanRequest.class).ownResult(),
                        Kind.READ_ONLY, (call, a) -> {
                            ReadPlan plan = call.client().catalog().plan(options(a));
                            long rows = 0;
                            long bytes = 0;
                            for (DataFile f : plan.files()) {
                                rows += f.rowCount();
                                bytes += f.sizeBytes();
                            }
                            return new ToolResults.PlanSummary(plan.namespace(), plan.table(), plan.snapshotTime(),
                                    a.columns() != null ? a.columns()
                                            : plan.schema().getFields().stream().map(Field::getName).toList(),
                                    plan.mergeKeys(),
                                    plan.files().size(), plan.totalFiles(), rows, bytes, !plan.mergeKeys().isEmpty(),
                                    plan.layoutManifest());
                        }),
                kit.tool(Tools.SAMPLE_ROWS, "Read a small sample of rows as JSON objects (columns, filter, asOf;"
                        + " limit defaults to " + DEFAULT_SAMPLE + ", at most " + maxRows + " rows and " + maxBytes
                        + " bytes of JSON: a sample reaching the byte cap is cut short and marked truncated).",
                        ToolArgs.Read.class, ToolResults.Sample.class,
                        WireMirror.of("POST", "/v1/namespaces/{namespace}/tables/{table}/plan").body(PlanRequest.class).ownResult(),
                        Kind.READ_ONLY, (call, a) -> {
                            long limit = a.limit() == null ? Math.min(DEFAULT_SAMPLE, maxRows) : a.limit();
                            if (limit > maxRows) {
                                throw new ToolException(ProblemType.PAYLOAD_TOO_LARGE, "a sample of " + limit
                                        + " rows is over this server's cap of " + maxRows
                                        + " rows; ask for fewer, or read the table with a client");
                            }
                            ToolArgs.Read capped = new ToolArgs.Read(a.namespace(), a.table(), a.columns(), a.filter(),
                                    limit, a.asOf());
                            return sample(call, capped, limit, maxRows, maxBytes);
                        }));
    }

    private static ToolResults.Sample sample(ToolKit.Call call, ToolArgs.Read a, long limit, long maxRows,
                                             long maxBytes) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> columns = List.of();
        boolean truncated = false;
        long bytes = 2;
        try (ArrowReader reader = call.client().catalog().read(options(a))) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            columns = root.getSchema().getFields().stream().map(Field::getName).toList();
            outer:
            while (rows.size() < limit && reader.loadNextBatch()) {
                for (int i = 0; i < root.getRowCount() && rows.size() < limit; i++) {
                    Map<String, Object> row = RowsJson.row(root, i);
                    bytes += ToolJson.lenient().writeValueAsBytes(row).length + 1;
                    if (bytes > maxBytes) {
                        truncated = true;
                        break outer;
                    }
                    rows.add(row);
                }
            }
        }
        return new ToolResults.Sample(a.namespace(), a.table(), columns, rows, rows.size(), truncated, maxRows,
                maxBytes);
    }

    static Consumer<ReadOptions.Builder> options(ToolArgs.Read a) {
        var filter = a.filter() == null ? null : parseFilter(a.filter());
        return o -> {
            o.namespace(a.namespace()).table(a.table());
            if (a.columns() != null) {
                o.columns(a.columns());
            }
            if (filter != null) {
                o.filter(filter);
            }
            if (a.limit() != null) {
                o.limit(a.limit());
            }
            if (a.asOf() != null) {
                o.asOf(a.asOf());
            }
        };
    }

    private static io.deltacat.api.expr.Predicate parseFilter(Map<String, Object> filter) {
        try {
            return PredicateCodec.fromWire(filter);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the filter does not parse: " + e.getMessage(), e);
        }
    }
}
