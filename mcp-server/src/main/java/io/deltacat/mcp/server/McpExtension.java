package io.deltacat.mcp.server;

import io.deltacat.mcp.server.internal.McpEndpoint;
import io.deltacat.server.DeltacatServer;
import io.deltacat.server.ServerExtension;
import org.eclipse.jetty.server.Handler;

/**
 * The MCP server of the reference server, at {@code /mcp} (MCP's streamable HTTP transport), on the
 * same port and behind the same bearer tokens as the REST API:
 *
 * <pre>{@code
 * DeltacatServer server = DeltacatServer.builder().root(dir).extension(new McpExtension()).build().start();
 * // an MCP client connects to server.uri() + "/mcp" with "Authorization: Bearer <token>"
 * }</pre>
 *
 * <p>Each tool calls the server's own REST API over loopback with the caller's token, so it runs with
 * exactly the caller's rights: the access rules judge it as any client's call. The tools are listed
 * in {@link io.deltacat.mcp.tools.Tools}. Found by {@link java.util.ServiceLoader} as a
 * {@link ServerExtension} (the {@code deltacat server} command serves it when this module is there).
 */
public final class McpExtension implements ServerExtension {
    /** Default caps: rows and bytes of JSON a sample returns, rows a staged write takes, request size. */
    public static final int DEFAULT_MAX_SAMPLE_ROWS = 1000;
    public static final long DEFAULT_MAX_SAMPLE_BYTES = 1L << 20;
    public static final int DEFAULT_MAX_STAGE_ROWS = 10_000;
    private static final int MAX_REQUEST_BYTES = 8 << 20;

    private final int maxSampleRows;
    private final long maxSampleBytes;
    private final int maxStageRows;

    /** With the default caps. */
    public McpExtension() {
        this(DEFAULT_MAX_SAMPLE_ROWS, DEFAULT_MAX_SAMPLE_BYTES, DEFAULT_MAX_STAGE_ROWS);
    }

    /**
     * @param maxSampleRows  the most rows {@code sample_rows} reads (a larger limit is refused)
     * @param maxSampleBytes the most bytes of JSON rows {@code sample_rows} answers (a sample is cut there)
     * @param maxStageRows   the most rows one {@code stage_write} takes
     */
    public McpExtension(int maxSampleRows, long maxSampleBytes, int maxStageRows) {
        if (maxSampleRows < 1 || maxSampleBytes < 64 || maxStageRows < 1) {
            throw new IllegalArgumentException("caps must be positive (bytes at least 64)");
        }
        this.maxSampleRows = maxSampleRows;
        this.maxSampleBytes = maxSampleBytes;
        this.maxStageRows = maxStageRows;
    }

    @Override
    public String pathPrefix() {
        return "/mcp";
    }

    /** Advertised in {@code GET /v1/config}: the runbook's {@code mcp/*} scenarios need it. */
    @Override
    public java.util.List<String> capabilities() {
        return java.util.List.of("mcp");
    }

    @Override
    public Handler handler(Context context) {
        return McpEndpoint.handler(pathPrefix(), context::uri, context.catalogName(),
                new McpEndpoint.Limits(maxSampleRows, maxSampleBytes, maxStageRows, MAX_REQUEST_BYTES));
    }

    /** For {@link DeltacatServer.Builder#extension}: the MCP server with default caps. */
    public static McpExtension withDefaults() {
        return new McpExtension();
    }
}
