package io.deltacat.mcp.client;

import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.ProblemType;
import io.deltacat.api.model.CatalogInfo;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobPage;
import io.deltacat.api.model.NamespaceInfo;
import io.deltacat.api.model.Node;
import io.deltacat.api.model.Pipeline;
import io.deltacat.api.model.PipelineStatus;
import io.deltacat.api.model.TableInfo;
import io.deltacat.api.model.WriteResult;
import io.deltacat.mcp.tools.ToolArgs;
import io.deltacat.mcp.tools.ToolJson;
import io.deltacat.mcp.tools.ToolResults;
import io.deltacat.mcp.tools.Tools;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import tools.jackson.databind.JavaType;

/**
 * A typed, asynchronous client of the reference server's MCP endpoint ({@code /mcp}), for applications
 * that are agentic in shape: each method calls one tool and completes with the records the REST
 * client uses ({@code io.deltacat.api.model}) or with those of {@link ToolResults}.
 *
 * <pre>{@code
 * try (DeltacatMcpClient mcp = DeltacatMcpClient.connect(URI.create("http://127.0.0.1:8080"),
 *         Optional.of(token)).join()) {
 *     TableInfo t = mcp.getTable("default", "events").join();
 *     ToolResults.StagedWrite w = mcp.stageWrite("default", "events", ToolArgs.Mode.append,
 *             List.of(Map.of("id", 1, "name", "a"))).join();
 *     WriteResult done = mcp.commitWrite(w.writeId()).join();
 * }
 * }</pre>
 *
 * <p>{@link #connect} discovers the server's tools; a method whose tool the server lacks fails with
 * {@link McpToolMissingException} without calling it. A tool error fails the future with the
 * {@link DeltacatException} of the problem the server stated (e.g. {@code NotFoundException}).
 */
public final class DeltacatMcpClient implements AutoCloseable {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(330);
    private final McpAsyncClient mcp;
    private final Set<String> tools;

    private DeltacatMcpClient(McpAsyncClient mcp, Set<String> tools) {
        this.mcp = mcp;
        this.tools = tools;
    }

    /**
     * Opens an MCP session with the server at {@code serverUri} (its base URI; the endpoint is
     * {@code /mcp}), initializes it and lists its tools.
     *
     * @param token the bearer token to send; empty for a server without auth
     */
    public static CompletableFuture<DeltacatMcpClient> connect(URI serverUri, Optional<String> token) {
        return connect(serverUri, token, DEFAULT_TIMEOUT);
    }

    /** {@link #connect(URI, Optional)} with the longest wait for any one answer. */
    public static CompletableFuture<DeltacatMcpClient> connect(URI serverUri, Optional<String> token,
                                                               Duration requestTimeout) {
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(token, "token");
        String base = serverUri.toString().replaceAll("/+$", "");
        HttpClientStreamableHttpTransport.Builder transport = HttpClientStreamableHttpTransport.builder(base)
                .endpoint("/mcp")
                .jsonMapper(new JacksonMcpJsonMapper(ToolJson.lenient()));
        // every request of the session (initialize, calls, the event stream) carries the caller's token
        token.ifPresent(t -> transport.requestBuilder(java.net.http.HttpRequest.newBuilder()
                .header("Authorization", "Bearer " + t)));
        McpAsyncClient mcp = McpClient.async(transport.build())
                .requestTimeout(requestTimeout)
                .clientInfo(new McpSchema.Implementation("deltacat-mcp-client", "0.1.0"))
                .build();
        return mcp.initialize()
                .then(mcp.listTools())
                .map(listed -> new DeltacatMcpClient(mcp, listed.tools().stream().map(McpSchema.Tool::name)
                        .collect(Collectors.toUnmodifiableSet())))
                .toFuture()
                .whenComplete((c, e) -> {
                    if (e != null) {
                        mcp.close();
                    }
                });
    }

    /** The tools the server offered at connect time. */
    public Set<String> tools() {
        return tools;
    }

    public CompletableFuture<CatalogInfo> describeCatalog() {
        return call(Tools.DESCRIBE_CATALOG, new ToolArgs.None(), CatalogInfo.class);
    }

    public CompletableFuture<List<NamespaceInfo>> listNamespaces() {
        return call(Tools.LIST_NAMESPACES, new ToolArgs.None(), ToolResults.Namespaces.class)
                .thenApply(ToolResults.Namespaces::namespaces);
    }

    public CompletableFuture<NamespaceInfo> getNamespace(String namespace) {
        return call(Tools.GET_NAMESPACE, new ToolArgs.Namespace(namespace), NamespaceInfo.class);
    }

    public CompletableFuture<List<TableInfo>> listTables(String namespace) {
        return call(Tools.LIST_TABLES, new ToolArgs.Namespace(namespace), ToolResults.Tables.class)
                .thenApply(ToolResults.Tables::tables);
    }

    public CompletableFuture<TableInfo> getTable(String namespace, String table) {
        return call(Tools.GET_TABLE, new ToolArgs.Table(namespace, table), ToolResults.Table.class)
                .thenApply(ToolResults.Table::table);
    }

    public CompletableFuture<ToolResults.History> tableHistory(String namespace, String table) {
        return call(Tools.TABLE_HISTORY, new ToolArgs.Table(namespace, table), ToolResults.History.class);
    }

    public CompletableFuture<ToolResults.PlanSummary> planRead(ToolArgs.Read read) {
        return call(Tools.PLAN_READ, read, ToolResults.PlanSummary.class);
    }

    public CompletableFuture<ToolResults.Sample> sampleRows(ToolArgs.Read read) {
        return call(Tools.SAMPLE_ROWS, read, ToolResults.Sample.class);
    }

    /** Stages rows (nothing is visible until {@link #commitWrite}). */
    public CompletableFuture<ToolResults.StagedWrite> stageWrite(String namespace, String table, ToolArgs.Mode mode,
                                                                 List<Map<String, Object>> rows) {
        return call(Tools.STAGE_WRITE, new ToolArgs.StageWrite(namespace, table, mode, rows),
                ToolResults.StagedWrite.class);
    }

    public CompletableFuture<WriteResult> commitWrite(String writeId) {
        return call(Tools.COMMIT_WRITE, new ToolArgs.Write(writeId), WriteResult.class);
    }

    public CompletableFuture<ToolResults.Aborted> abortWrite(String writeId) {
        return call(Tools.ABORT_WRITE, new ToolArgs.Write(writeId), ToolResults.Aborted.class);
    }

    public CompletableFuture<JobPage> listJobs(ToolArgs.ListJobs options) {
        return call(Tools.LIST_JOBS, options, JobPage.class);
    }

    public CompletableFuture<Job> getJob(String jobId) {
        return call(Tools.GET_JOB, new ToolArgs.Job(jobId), Job.class);
    }

    public CompletableFuture<Job> submitCompaction(String namespace, String table) {
        return call(Tools.SUBMIT_COMPACTION, new ToolArgs.Table(namespace, table), Job.class);
    }

    /** The job once it ended, or as it is after {@code timeout} (at most 300 s on the server). */
    public CompletableFuture<Job> waitJob(String jobId, Duration timeout) {
        return call(Tools.WAIT_JOB, new ToolArgs.WaitJob(jobId, (int) Math.min(Integer.MAX_VALUE, timeout.toSeconds())),
                Job.class);
    }

    public CompletableFuture<Job> cancelJob(String jobId) {
        return call(Tools.CANCEL_JOB, new ToolArgs.Job(jobId), Job.class);
    }

    public CompletableFuture<List<Node>> listNodes() {
        return call(Tools.LIST_NODES, new ToolArgs.None(), ToolResults.Nodes.class).thenApply(ToolResults.Nodes::nodes);
    }

    public CompletableFuture<List<Pipeline>> listPipelines() {
        return call(Tools.LIST_PIPELINES, new ToolArgs.None(), ToolResults.Pipelines.class)
                .thenApply(ToolResults.Pipelines::pipelines);
    }

    public CompletableFuture<PipelineStatus> pipelineStatus(String pipelineId) {
        return call(Tools.PIPELINE_STATUS, new ToolArgs.Pipeline(pipelineId), PipelineStatus.class);
    }

    public CompletableFuture<Job> triggerNode(String nodeId) {
        return call(Tools.TRIGGER_NODE, new ToolArgs.Node(nodeId), Job.class);
    }

    public CompletableFuture<Node> pauseNode(String nodeId) {
        return call(Tools.PAUSE_NODE, new ToolArgs.Node(nodeId), Node.class);
    }

    public CompletableFuture<Node> resumeNode(String nodeId) {
        return call(Tools.RESUME_NODE, new ToolArgs.Node(nodeId), Node.class);
    }

    public CompletableFuture<ToolResults.Watermark> nodeWatermark(String nodeId) {
        return call(Tools.NODE_WATERMARK, new ToolArgs.Node(nodeId), ToolResults.Watermark.class);
    }

    /**
     * Calls a tool by name with arguments bound from {@code args} and reads its structured result as
     * {@code type}: the way to a tool this class has no method for.
     */
    public <T> CompletableFuture<T> call(String tool, Record args, Class<T> type) {
        if (!tools.contains(tool)) {
            return CompletableFuture.failedFuture(new McpToolMissingException(tool, tools));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> arguments = ToolJson.lenient().convertValue(args, Map.class);
        return mcp.callTool(new McpSchema.CallToolRequest(tool, arguments)).toFuture()
                .thenApply(result -> decode(tool, result, ToolJson.lenient().constructType(type)));
    }

    private static <T> T decode(String tool, McpSchema.CallToolResult result, JavaType type) {
        if (Boolean.TRUE.equals(result.isError())) {
            throw new CompletionException(problem(tool, result));
        }
        if (result.structuredContent() == null) {
            throw new CompletionException(new DeltacatException(ProblemType.SERVER_ERROR,
                    "tool '" + tool + "' answered no structured content", null));
        }
        return ToolJson.lenient().convertValue(result.structuredContent(), type);
    }

    private static DeltacatException problem(String tool, McpSchema.CallToolResult result) {
        String text = result.content() == null ? "" : result.content().stream()
                .filter(c -> c instanceof McpSchema.TextContent).map(c -> ((McpSchema.TextContent) c).text())
                .collect(Collectors.joining("\n"));
        try {
            ToolResults.Error e = ToolJson.lenient().convertValue(result.structuredContent(), ToolResults.Error.class);
            if (e != null && e.problem() != null) {
                ProblemType type = ProblemType.fromUri(e.problem().type()).orElse(ProblemType.SERVER_ERROR);
                return type.toException(e.problem().detail(), null);
            }
        } catch (RuntimeException notAProblem) {
            // a tool error of the SDK's own (e.g. arguments the input schema refused): only text
        }
        return ProblemType.INVALID_REQUEST.toException("tool '" + tool + "' failed: " + text, null);
    }

    /** Closes the MCP session. */
    @Override
    public void close() {
        mcp.closeGracefully().onErrorResume(e -> reactor.core.publisher.Mono.empty())
                .block(Duration.ofSeconds(5));
    }
}
