package io.deltacat.server;

import java.net.URI;
import org.eclipse.jetty.server.Handler;

/**
 * Something served by the reference server beside its REST API, on the same port and behind the same
 * bearer tokens, under a path of its own (e.g. the MCP server of {@code deltacat-mcp-server} at
 * {@code /mcp}). Give it to {@link DeltacatServer.Builder#extension}, or let an application find it
 * with {@link java.util.ServiceLoader} (as the {@code deltacat server} command does).
 *
 * <p>The server authenticates every request under {@link #pathPrefix()} exactly as a REST request
 * (a request without a valid token gets 401 before the extension sees it); the extension decides
 * nothing about rights itself: to act for the caller it calls the REST API at {@link Context#uri()}
 * with the caller's own {@code Authorization} header, so the server's access rules apply unchanged.
 */
public interface ServerExtension {
    /**
     * The path this extension serves, e.g. {@code /mcp}: that path and everything under it. It must
     * start with {@code /}, have no further {@code /}, and not be {@code /v1} (the REST API's).
     */
    String pathPrefix();

    /**
     * Makes the extension's Jetty handler, once, while the server starts (before it binds its port).
     * The server starts and stops the handler with itself.
     */
    Handler handler(Context context);

    /**
     * What this extension adds to the capabilities {@code GET /v1/config} advertises (e.g.
     * {@code mcp}), so clients and the compatibility runbook can tell it is served; none by default.
     */
    default java.util.List<String> capabilities() {
        return java.util.List.of();
    }

    /** What the server tells an extension. */
    interface Context {
        /** The server's base URI, e.g. {@code http://127.0.0.1:8080}; known once the server has started. */
        URI uri();

        /** The catalog's name. */
        String catalogName();

        /** Whether requests need a bearer token (a shared token or users). */
        boolean authenticated();
    }
}
