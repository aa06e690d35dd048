/**
 * The wire model of {@code openapi/deltacat-api.yaml}: one Java record (or enum) per schema, bound
 * with Jackson, shared by the client and the server. Not public API: exported only to the modules
 * that speak the protocol (the MCP server's tools take the argument types of the routes they mirror
 * from it), and opened to Jackson for binding. WireDocumentTest keeps every type equal
 * to the document (names, types, required fields, enum values).
 */
module io.deltacat.wire {
    requires transitive com.fasterxml.jackson.databind;

    exports io.deltacat.wire to io.deltacat.client, io.deltacat.server, io.deltacat.mcp.server;
    exports io.deltacat.wire.common to io.deltacat.client, io.deltacat.server;
    exports io.deltacat.wire.catalog to io.deltacat.client, io.deltacat.server, io.deltacat.mcp.server;
    exports io.deltacat.wire.transactions to io.deltacat.client, io.deltacat.server;
    exports io.deltacat.wire.jobs to io.deltacat.client, io.deltacat.server, io.deltacat.mcp.server;
    exports io.deltacat.wire.pipelines to io.deltacat.client, io.deltacat.server;
    exports io.deltacat.wire.auth to io.deltacat.client, io.deltacat.server;
    exports io.deltacat.wire.storage to io.deltacat.client, io.deltacat.server;
    exports io.deltacat.wire.placement to io.deltacat.client, io.deltacat.server;
    exports io.deltacat.wire.dispatch to io.deltacat.client, io.deltacat.server;

    opens io.deltacat.wire.common to com.fasterxml.jackson.databind;
    opens io.deltacat.wire.catalog to com.fasterxml.jackson.databind;
    opens io.deltacat.wire.transactions to com.fasterxml.jackson.databind;
    opens io.deltacat.wire.jobs to com.fasterxml.jackson.databind;
    opens io.deltacat.wire.pipelines to com.fasterxml.jackson.databind;
    opens io.deltacat.wire.auth to com.fasterxml.jackson.databind;
    opens io.deltacat.wire.storage to com.fasterxml.jackson.databind;
    opens io.deltacat.wire.placement to com.fasterxml.jackson.databind;
    opens io.deltacat.wire.dispatch to com.fasterxml.jackson.databind;
}
