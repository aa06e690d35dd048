/**
 * The typed async MCP client of the reference server's {@code /mcp} endpoint
 * ({@link io.deltacat.mcp.client.DeltacatMcpClient}), and the tool contract it shares with
 * {@code io.deltacat.mcp.server} ({@link io.deltacat.mcp.tools}: tool names, argument and result
 * records, their JSON binding). Built on the MCP Java SDK (automatic modules, Jackson 3, Reactor).
 */
module io.deltacat.mcp.client {
    requires transitive io.deltacat.api;
    requires transitive io.modelcontextprotocol.sdk.mcp.core;
    requires io.modelcontextprotocol.sdk.mcp.json.jackson3;
    requires transitive tools.jackson.databind;
    requires transitive com.fasterxml.jackson.annotation;
    requires reactor.core;
    requires java.net.http;

    exports io.deltacat.mcp.client;
    exports io.deltacat.mcp.tools;
}
