package io.deltacat.mcp.server.internal;

import io.deltacat.mcp.tools.ToolJson;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;

/**
 * The MCP server: the SDK's streamable HTTP transport (a servlet, asynchronous) in an ee10 servlet
 * context under the server's Jetty, the tools, resources and prompt. The caller's {@code Authorization}
 * header goes from each HTTP request into the MCP transport context, where the tools find it.
 */
public final class McpEndpoint {
    private McpEndpoint() {
    }

    /** The limits of the tools. */
    public record Limits(int maxSampleRows, long maxSampleBytes, int maxStageRows, int maxRequestBytes) {
    }

    /** Every tool, in {@code Tools.ALL}'s order. */
    static List<SyncToolSpecification> tools(ToolKit kit, StagedWrites staged, String catalogName, Limits limits) {
        List<SyncToolSpecification> tools = new ArrayList<>();
        tools.addAll(CatalogTools.all(kit, catalogName));
        tools.addAll(ReadTools.all(kit, limits.maxSampleRows(), limits.maxSampleBytes()));
        tools.addAll(WriteTools.all(kit, staged, limits.maxStageRows()));
        tools.addAll(JobTools.all(kit));
        tools.addAll(PipelineTools.all(kit));
        return tools;
    }

    public static Handler handler(String path, Supplier<URI> server, String catalogName, Limits limits) {
        JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(ToolJson.lenient());
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(json)
                .mcpEndpoint(path)
                .maxRequestSize(limits.maxRequestBytes())
                .contextExtractor(request -> {
                    Map<String, Object> values = new HashMap<>();
                    String authorization = request.getHeader("Authorization");
                    values.put(ToolKit.AUTHORIZATION, authorization == null ? "" : authorization);
                    return McpTransportContext.create(values);
                })
                .build();
        Callers callers = new Callers(server);
        ToolKit kit = new ToolKit(callers);
        StagedWrites staged = new StagedWrites();
        List<SyncToolSpecification> tools = tools(kit, staged, catalogName, limits);
        McpSyncServer mcp = McpServer.sync(transport)
                .serverInfo("deltacat", "0.1.0")
                .instructions("DeltaCAT catalog tools. Explore with describe_catalog, list_namespaces, list_tables,"
                        + " get_table, table_history, plan_read and sample_rows. Writes are two steps: stage_write,"
                        + " then commit_write (or abort_write). Every call runs with your token's rights.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false)
                        .prompts(false).build())
                .jsonMapper(json)
                .jsonSchemaValidator(new DefaultJsonSchemaValidator(ToolJson.lenient()))
                .validateToolInputs(true)
                // above wait_job's longest wait, so a waiting tool answers before the request times out
                .requestTimeout(Duration.ofSeconds(JobTools.MAX_WAIT_SECONDS + 30))
                .tools(tools)
                .resources(Extras.openapi())
                .resourceTemplates(Extras.tableSchema(callers))
                .prompts(Extras.exploreTable())
                .build();
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS) {
            @Override
            protected void doStop() throws Exception {
                try {
                    mcp.closeGracefully();
                    callers.close();
                } finally {
                    super.doStop();
                }
            }
        };
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder("mcp", transport);
        holder.setAsyncSupported(true);
        context.addServlet(holder, path);
        context.addServlet(holder, path + "/*");
        return context;
    }
}
