package io.deltacat.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.error.ForbiddenException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.error.PayloadTooLargeException;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobState;
import io.deltacat.api.model.TableInfo;
import io.deltacat.api.model.WriteResult;
import io.deltacat.mcp.client.DeltacatMcpClient;
import io.deltacat.mcp.client.McpToolMissingException;
import io.deltacat.mcp.tools.ToolArgs;
import io.deltacat.mcp.tools.ToolJson;
import io.deltacat.mcp.tools.ToolResults;
import io.deltacat.mcp.tools.Tools;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MCP server over real HTTP on loopback, driven by the SDK's client and by the typed client. */
class McpServerTest {
    @TempDir
    static Path dir;
    static McpFixture fx;

    @BeforeAll
    static void start() {
        fx = new McpFixture(dir, new McpExtension(5, 4096, 100));
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static McpSyncClient raw(String token) {
        McpSyncClient c = McpClient.sync(HttpClientStreamableHttpTransport.builder(fx.server.uri().toString())
                        .endpoint("/mcp").jsonMapper(new JacksonMcpJsonMapper(ToolJson.lenient()))
                        .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token)).build())
                .requestTimeout(Duration.ofSeconds(60)).build();
        c.initialize();
        return c;
    }

    private static DeltacatMcpClient typed(String token) {
        return DeltacatMcpClient.connect(fx.server.uri(), Optional.of(token)).join();
    }

    private static <T> Throwable failure(java.util.concurrent.CompletableFuture<T> f) {
        try {
            f.join();
            throw new AssertionError("expected a failure");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    @Test
    void listsEveryToolWithSchemasAndHints() {
        try (McpSyncClient c = raw(McpFixture.ADMIN)) {
            Map<String, McpSchema.Tool> tools = c.listTools().tools().stream()
                    .collect(Collectors.toMap(McpSchema.Tool::name, Function.identity()));
            assertThat(tools.keySet()).containsExactlyInAnyOrderElementsOf(Tools.ALL);
            for (String destructive : List.of(Tools.DROP_TABLE, Tools.COMMIT_WRITE, Tools.CANCEL_JOB)) {
                assertThat(tools.get(destructive).annotations().destructiveHint()).as(destructive).isTrue();
            }
            assertThat(tools.get(Tools.SAMPLE_ROWS).annotations().readOnlyHint()).isTrue();
            assertThat(tools.get(Tools.STAGE_WRITE).annotations().destructiveHint()).isFalse();
            Map<String, Object> get = tools.get(Tools.GET_TABLE).inputSchema();
            assertThat(get.get("required")).isEqualTo(List.of("namespace", "table"));
            assertThat(get.get("additionalProperties")).isEqualTo(false);
            assertThat(get.toString()).contains("the table's name");
            // output schemas (the SDK checks each structured result against its tool's), and the argument types
            // of the routes the tools mirror (ToolSchemaDocumentTest holds them to the document)
            for (McpSchema.Tool t : tools.values()) {
                assertThat(t.outputSchema()).as(t.name()).containsEntry("type", "object");
            }
            assertThat(tools.get(Tools.GET_JOB).outputSchema().get("properties")).asString()
                    .containsAnyOf("createdAt={type=string, format=date-time}", "createdAt={format=date-time, type=string}");
            assertThat(tools.get(Tools.LIST_JOBS).inputSchema().toString())
                    .contains("enum=[pending, claimed, running, succeeded, failed, cancelled]");
            assertThat(tools.get(Tools.STAGE_WRITE).inputSchema().toString()).contains("enum=[append, merge, delete, replace]");
            assertThat(c.listResources().resources()).extracting(McpSchema.Resource::uri).contains("deltacat://openapi");
            assertThat(c.listPrompts().prompts()).extracting(McpSchema.Prompt::name).contains("explore_table");
        }
    }

    @Test
    void structuredResultsMatchTheirToolsOutputSchemas() {
        var validator = new io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator(ToolJson.lenient());
        try (McpSyncClient c = raw(McpFixture.ADMIN)) {
            Map<String, McpSchema.Tool> tools = c.listTools().tools().stream()
                    .collect(Collectors.toMap(McpSchema.Tool::name, Function.identity()));
            Map<String, Object> table = Map.of("namespace", "shop", "table", "items");
            Map<String, Map<String, Object>> calls = Map.of(Tools.DESCRIBE_CATALOG, Map.of(),
                    Tools.LIST_TABLES, Map.of("namespace", "shop"), Tools.GET_TABLE, table,
                    Tools.TABLE_HISTORY, table, Tools.PLAN_READ, table, Tools.SAMPLE_ROWS, table,
                    Tools.LIST_JOBS, Map.of());
            calls.forEach((tool, args) -> {
                McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest(tool, args));
                assertThat(r.isError()).as(tool).isFalse();
                var check = validator.validate(tools.get(tool).outputSchema(), r.structuredContent());
                assertThat(check.valid()).as(tool + ": " + check.errorMessage()).isTrue();
            });
            // and a result that does not fit is seen (the check above can fail)
            McpSchema.CallToolResult sample = c.callTool(new McpSchema.CallToolRequest(Tools.GET_TABLE, table));
            assertThat(validator.validate(tools.get(Tools.LIST_TABLES).outputSchema(),
                    Map.of("tables", List.of(Map.of("rowCount", "many")))).valid()).isFalse();
            assertThat(sample.structuredContent().toString()).contains("mergeKeys");
        }
    }

    @Test
    void typedClientReadsTheCatalogAndATable() {
        try (DeltacatMcpClient mcp = typed(McpFixture.ADMIN)) {
            assertThat(mcp.describeCatalog().join().name()).isEqualTo("default");
            assertThat(mcp.listNamespaces().join()).extracting(n -> n.name()).contains("shop", "default");
            TableInfo t = mcp.getTable("shop", "items").join();
            assertThat(t.mergeKeys()).containsExactly("id");
            assertThat(t.schema()).isEqualTo(fx.admin.catalog().getTable("shop", "items").schema());
            assertThat(mcp.listTables("shop").join()).extracting(TableInfo::name).contains("items");
            ToolResults.PlanSummary plan = mcp.planRead(new ToolArgs.Read("shop", "items", List.of("id", "name"),
                    null, null, null)).join();
            assertThat(plan.columns()).containsExactly("id", "name");
            assertThat(plan.mergeKeys()).containsExactly("id");
            assertThat(plan.files()).isPositive();
            ToolResults.Sample s = mcp.sampleRows(new ToolArgs.Read("shop", "items", null,
                    Map.of("ge", List.of("id", 2)), null, null)).join();
            assertThat(s.rows()).extracting(r -> r.get("name")).containsExactlyInAnyOrder("pear", "plum");
            assertThat(s.truncated()).isFalse();
            assertThat(mcp.tableHistory("shop", "items").join().deltas()).isNotEmpty();
        }
    }

    @Test
    void stagedWriteIsInvisibleUntilCommittedAndAbortDiscards() {
        fx.table("staged");
        try (DeltacatMcpClient mcp = typed(McpFixture.ADMIN)) {
            ToolResults.StagedWrite w = mcp.stageWrite("shop", "staged", ToolArgs.Mode.merge,
                    List.of(McpFixture.row(2, "PEAR", 9.0), McpFixture.row(4, "fig", 2.0))).join();
            assertThat(w.rows()).isEqualTo(2);
            assertThat(fx.names("staged")).containsExactly(Map.entry(1L, "apple"), Map.entry(2L, "pear"),
                    Map.entry(3L, "plum"));
            WriteResult done = mcp.commitWrite(w.writeId()).join();
            assertThat(done.writeId()).isEqualTo(w.writeId());
            assertThat(fx.names("staged")).containsExactly(Map.entry(1L, "apple"), Map.entry(2L, "PEAR"),
                    Map.entry(3L, "plum"), Map.entry(4L, "fig"));
            // committed once: a second commit finds nothing to commit
            assertThat(failure(mcp.commitWrite(w.writeId()))).isInstanceOf(NotFoundException.class);

            ToolResults.StagedWrite del = mcp.stageWrite("shop", "staged", ToolArgs.Mode.delete,
                    List.of(Map.of("id", 1))).join();
            assertThat(mcp.abortWrite(del.writeId()).join().aborted()).isTrue();
            assertThat(fx.names("staged")).containsKey(1L);
            assertThat(fx.admin.catalog().writeStatus(del.writeId()).isCommitted()).isFalse();
        }
    }

    @Test
    void badInputIsAToolErrorAndChangesNothing() {
        fx.table("guarded");
        Map<Long, String> before = fx.names("guarded");
        try (McpSyncClient c = raw(McpFixture.ADMIN)) {
            // schema-invalid arguments: a required property missing, an unknown one, a wrong type
            for (Map<String, Object> args : List.<Map<String, Object>>of(Map.of("namespace", "shop"),
                    Map.of("namespace", "shop", "table", "guarded", "colour", "red"),
                    Map.of("namespace", "shop", "table", 7))) {
                McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest(Tools.GET_TABLE, args));
                assertThat(r.isError()).as(args.toString()).isTrue();
                assertThat(text(r)).as(args.toString()).isNotBlank();
            }
            // a sample over the cap (5 rows here)
            McpSchema.CallToolResult big = c.callTool(new McpSchema.CallToolRequest(Tools.SAMPLE_ROWS,
                    Map.of("namespace", "shop", "table", "guarded", "limit", 6)));
            assertThat(big.isError()).isTrue();
            assertThat(text(big)).contains("cap of 5 rows");
            // a filter that does not parse
            McpSchema.CallToolResult filter = c.callTool(new McpSchema.CallToolRequest(Tools.SAMPLE_ROWS,
                    Map.of("namespace", "shop", "table", "guarded", "filter", Map.of("nearly", List.of("id", 1)))));
            assertThat(filter.isError()).isTrue();
            assertThat(text(filter)).contains("nearly");
            // a filter on a column the table lacks: the server's plan refuses it
            McpSchema.CallToolResult column = c.callTool(new McpSchema.CallToolRequest(Tools.PLAN_READ,
                    Map.of("namespace", "shop", "table", "guarded", "filter", Map.of("eq", List.of("colour", 1)))));
            assertThat(column.isError()).isTrue();
            // rows the table cannot hold
            McpSchema.CallToolResult rows = c.callTool(new McpSchema.CallToolRequest(Tools.STAGE_WRITE,
                    Map.of("namespace", "shop", "table", "guarded", "rows", List.of(Map.of("id", "one")))));
            assertThat(rows.isError()).isTrue();
            assertThat(text(rows)).contains("id");
            // an unknown tool
            McpSchema.CallToolResult unknown;
            try {
                unknown = c.callTool(new McpSchema.CallToolRequest("format_disk", Map.of()));
                assertThat(unknown.isError()).isTrue();
                assertThat(text(unknown)).contains("format_disk");
            } catch (io.modelcontextprotocol.spec.McpError e) {
                // the SDK answers an unknown tool with the protocol error the MCP specification names
                assertThat(e.getMessage()).contains("Unknown tool");
            }
            // the session and the server still work
            assertThat(c.callTool(new McpSchema.CallToolRequest(Tools.GET_TABLE,
                    Map.of("namespace", "shop", "table", "guarded"))).isError()).isFalse();
        }
        assertThat(fx.names("guarded")).isEqualTo(before);
    }

    @Test
    void aToolRunsWithTheCallersRightsOnly() {
        fx.table("readonly");
        Map<Long, String> before = fx.names("readonly");
        try (DeltacatMcpClient reader = typed(fx.readerToken)) {
            assertThat(reader.sampleRows(new ToolArgs.Read("shop", "readonly", null, null, 2L, null)).join().rowCount())
                    .isEqualTo(2);
            assertThat(failure(reader.stageWrite("shop", "readonly", ToolArgs.Mode.append,
                    List.of(McpFixture.row(9, "x", 1.0))))).isInstanceOf(ForbiddenException.class);
            assertThat(failure(reader.submitCompaction("shop", "readonly"))).isInstanceOf(ForbiddenException.class);
            assertThat(reader.listTables("shop").join()).extracting(TableInfo::name).contains("readonly");
        }
        assertThat(fx.names("readonly")).isEqualTo(before);
        // a write the admin staged is not the reader's to commit
        try (DeltacatMcpClient admin = typed(McpFixture.ADMIN); DeltacatMcpClient reader = typed(fx.readerToken)) {
            ToolResults.StagedWrite w = admin.stageWrite("shop", "readonly", ToolArgs.Mode.replace, List.of()).join();
            assertThat(failure(reader.commitWrite(w.writeId()))).isInstanceOf(NotFoundException.class);
            admin.abortWrite(w.writeId()).join();
        }
        assertThat(fx.names("readonly")).isEqualTo(before);
    }

    @Test
    void withoutAValidTokenMcpAnswers401() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (Optional<String> token : List.of(Optional.<String>empty(), Optional.of("dct_" + "x".repeat(43)))) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fx.server.uri() + "/mcp"))
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"));
            token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).contains("urn:deltacat:problem:unauthorized");
        }
    }

    @Test
    void typedClientFailsClearlyOnAMissingToolAndMapsProblems() {
        try (DeltacatMcpClient mcp = typed(McpFixture.ADMIN)) {
            assertThat(failure(mcp.call("format_disk", new ToolArgs.None(), Map.class)))
                    .isInstanceOf(McpToolMissingException.class).hasMessageContaining("format_disk");
            assertThat(failure(mcp.getTable("shop", "nope"))).isInstanceOf(NotFoundException.class);
            assertThat(failure(mcp.sampleRows(new ToolArgs.Read("shop", "items", null, null, 50L, null))))
                    .isInstanceOf(PayloadTooLargeException.class);
            assertThat(failure(mcp.sampleRows(new ToolArgs.Read("shop", "items", null, Map.of("bad", 1), null, null))))
                    .isInstanceOf(InvalidRequestException.class);
        }
    }

    @Test
    void jobsAndPipelines() {
        fx.table("compacted");
        try (DeltacatMcpClient mcp = typed(McpFixture.ADMIN)) {
            Job job = mcp.submitCompaction("shop", "compacted").join();
            Job done = mcp.waitJob(job.id(), Duration.ofSeconds(120)).join();
            assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(mcp.getJob(job.id()).join().id()).isEqualTo(job.id());
            assertThat(mcp.listJobs(new ToolArgs.ListJobs("succeeded", "compaction", 10, null)).join().jobs())
                    .extracting(Job::id).contains(job.id());
            assertThat(failure(mcp.cancelJob("no-such-job"))).isInstanceOf(NotFoundException.class);
            assertThat(mcp.listNodes().join()).isEmpty();
            assertThat(mcp.listPipelines().join()).isEmpty();
            assertThat(failure(mcp.pipelineStatus("nope"))).isInstanceOf(NotFoundException.class);
            assertThat(failure(mcp.triggerNode("nope"))).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void resourcesAndPrompt() {
        try (McpSyncClient c = raw(McpFixture.ADMIN)) {
            McpSchema.TextResourceContents api = (McpSchema.TextResourceContents) c.readResource(
                    new McpSchema.ReadResourceRequest("deltacat://openapi")).contents().get(0);
            assertThat(api.text()).startsWith("openapi:").contains("/v1/namespaces");
            McpSchema.TextResourceContents schema = (McpSchema.TextResourceContents) c.readResource(
                    new McpSchema.ReadResourceRequest("deltacat://tables/shop/items/schema")).contents().get(0);
            assertThat(schema.text()).contains("\"mergeKeys\":[\"id\"]");
            McpSchema.GetPromptResult p = c.getPrompt(new McpSchema.GetPromptRequest("explore_table",
                    Map.of("namespace", "shop", "table", "items")));
            assertThat(((McpSchema.TextContent) p.messages().get(0).content()).text()).contains("shop.items");
        }
    }

    private static String text(McpSchema.CallToolResult r) {
        return r.content().stream().filter(x -> x instanceof McpSchema.TextContent)
                .map(x -> ((McpSchema.TextContent) x).text()).collect(Collectors.joining("\n"));
    }
}
