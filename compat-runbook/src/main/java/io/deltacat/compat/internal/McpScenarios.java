package io.deltacat.compat.internal;

import static io.deltacat.compat.internal.Checks.check;
import static io.deltacat.compat.internal.Checks.equal;

import io.deltacat.api.model.TableInfo;
import io.deltacat.api.model.WriteResult;
import io.deltacat.mcp.client.DeltacatMcpClient;
import io.deltacat.mcp.tools.ToolArgs;
import io.deltacat.mcp.tools.ToolResults;
import java.util.List;
import java.util.Map;

/** Scenarios of the MCP endpoint ({@code /mcp}) through the typed MCP client, checked with the REST client. */
final class McpScenarios {
    private McpScenarios() {
    }

    static List<Scenario> all() {
        return List.of(Scenario.writing("mcp/explore-and-write", "through /mcp: the table is listed and described, a"
                        + " filtered sample reads the right rows, a staged write stays invisible until committed and an"
                        + " aborted one never appears (checked with the REST client)",
                List.of("catalog", "staged-writes", "read-plan", "mcp"), McpScenarios::exploreAndWrite));
    }

    private static void exploreAndWrite(ScenarioContext ctx) throws Exception {
        String ns = ctx.namespace();
        ctx.client().catalog().createTable(o -> o.namespace(ns).table("people").schema(Data.PEOPLE).mergeKeys("id"));
        try (var batch = Data.people(ctx.client().allocator(), Data.firstPeople(1, 4))) {
            ctx.client().catalog().write(batch, w -> w.namespace(ns).table("people"));
        }
        try (DeltacatMcpClient mcp = DeltacatMcpClient.connect(ctx.server(), ctx.tokens().token()).join()) {
            check(mcp.listTables(ns).join().stream().anyMatch(t -> t.name().equals("people")),
                    "list_tables names the table");
            TableInfo t = mcp.getTable(ns, "people").join();
            equal(4L, t.rowCount(), "rows get_table reports");
            equal(Data.PEOPLE.getFields().size(), t.schema().getFields().size(), "columns get_table reports");

            ToolResults.Sample sample = mcp.sampleRows(new ToolArgs.Read(ns, "people", List.of("id", "name"),
                    Map.of("ge", List.of("id", 3)), null, null)).join();
            equal(2, sample.rowCount(), "rows of a sample filtered by id >= 3");
            equal(List.of("p3", "p4"), sample.rows().stream().map(r -> String.valueOf(r.get("name"))).sorted().toList(),
                    "names of the filtered sample");

            ToolResults.StagedWrite staged = mcp.stageWrite(ns, "people", ToolArgs.Mode.merge,
                    List.of(Map.of("id", 2, "name", "two", "age", 22), Map.of("id", 9, "name", "p9", "age", 90))).join();
            equal(2L, staged.rows(), "rows staged");
            equal(Data.firstPeople(1, 4), Data.read(ctx.client(), q -> q.namespace(ns).table("people")),
                    "rows before the commit (the staged write is invisible)");
            WriteResult done = mcp.commitWrite(staged.writeId()).join();
            equal(staged.writeId(), done.writeId(), "the committed write's id");
            equal(List.of(Data.row(1, "p1", 10L), Data.row(2, "two", 22L), Data.row(3, "p3", 30L),
                    Data.row(4, "p4", 40L), Data.row(9, "p9", 90L)),
                    Data.read(ctx.client(), q -> q.namespace(ns).table("people")), "rows after the committed merge");

            ToolResults.StagedWrite aborted = mcp.stageWrite(ns, "people", ToolArgs.Mode.append,
                    List.of(Map.of("id", 50, "name", "never", "age", 1))).join();
            check(mcp.abortWrite(aborted.writeId()).join().aborted(), "abort_write reports the write aborted");
            check(!ctx.client().catalog().writeStatus(aborted.writeId()).isCommitted(), "the aborted write is not committed");
            equal(5, Data.read(ctx.client(), q -> q.namespace(ns).table("people")).size(), "rows after the abort");
        }
    }
}
