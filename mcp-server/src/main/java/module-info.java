/**
 * The MCP server of the reference server: {@link io.deltacat.mcp.server.McpExtension}, a
 * {@link io.deltacat.server.ServerExtension} serving MCP's streamable HTTP transport at {@code /mcp}
 * beside the REST API. Its tools call the REST API over loopback with the caller's own token (through
 * the Java client), so they run with exactly the caller's rights.
 */
module io.deltacat.mcp.server {
    requires io.deltacat.server;
    requires io.deltacat.mcp.client;
    // the wire model: tools that mirror a REST route take its argument types from it (qualified export)
    requires io.deltacat.wire;
    requires io.deltacat.api;
    requires io.deltacat.io.spi;
    requires io.modelcontextprotocol.sdk.mcp.core;
    requires io.modelcontextprotocol.sdk.mcp.json.jackson3;
    requires tools.jackson.databind;
    requires reactor.core;
    requires jakarta.servlet;
    requires org.eclipse.jetty.ee10.servlet;
    requires org.slf4j;
    requires org.apache.arrow.vector;
    requires org.apache.arrow.memory.core;

    exports io.deltacat.mcp.server;

    provides io.deltacat.server.ServerExtension with io.deltacat.mcp.server.McpExtension;
}
