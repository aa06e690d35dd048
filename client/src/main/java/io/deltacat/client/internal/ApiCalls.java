package io.deltacat.client.internal;

import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.model.ServerInfo;
import io.deltacat.api.spi.Transport;
import io.deltacat.api.spi.TransportRequest;
import io.deltacat.api.spi.TransportResponse;
import io.deltacat.api.error.ServerException;
import io.deltacat.wire.WireException;
import io.deltacat.wire.WireJson;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Sends API calls through the transport: checks the server supports a route before calling it, and
 * gives every mutating call a fresh idempotency key (reused by the transport on resend).
 */
final class ApiCalls {
    /** The routes that act inside a transaction named by the {@code transactionId} query parameter. */
    static final Set<String> TRANSACTIONAL = Set.of(
            "GET " + DefaultCatalogClient.TABLES, "POST " + DefaultCatalogClient.TABLES,
            "GET " + DefaultCatalogClient.TABLE, "DELETE " + DefaultCatalogClient.TABLE,
            "POST " + StagedWrite.BEGIN, "POST " + DefaultCatalogClient.PLAN, "POST " + DefaultCatalogClient.ALTER,
            "POST " + VendedAccess.TABLE_CREDENTIALS);

    private final Transport transport;
    private final String transactionId;
    private ServerInfo server;

    ApiCalls(Transport transport) {
        this(transport, null);
    }

    private ApiCalls(Transport transport, String transactionId) {
        this.transport = transport;
        this.transactionId = transactionId;
    }

    void server(ServerInfo server) {
        this.server = server;
    }

    /** Calls like these, but with the transactional routes acting inside {@code id}. */
    ApiCalls inTransaction(String id) {
        ApiCalls scoped = new ApiCalls(transport, id);
        scoped.server = server;
        return scoped;
    }

    boolean inTransaction() {
        return transactionId != null;
    }

    private Map<String, String> query(String method, String route, Map<String, String> query) {
        if (transactionId == null || !TRANSACTIONAL.contains(method + " " + route)) {
            return query;
        }
        Map<String, String> q = new java.util.LinkedHashMap<>(query);
        q.put("transactionId", transactionId);
        return q;
    }

    void delete(String route, String path, Map<String, String> query) {
        require("DELETE", route);
        transport.execute(new TransportRequest("DELETE", path, query("DELETE", route, query), null,
                Optional.of(newKey())));
    }

    // ---- wire types (io.deltacat.wire): bound with Jackson, read tolerantly

    <T> T get(String route, String path, Class<T> answer) {
        return get(route, path, Map.of(), answer);
    }

    <T> T get(String route, String path, Map<String, String> query, Class<T> answer) {
        require("GET", route);
        TransportResponse r = transport.execute(new TransportRequest("GET", path, query("GET", route, query), null,
                Optional.empty()));
        return read(r.body(), answer);
    }

    /** POST of a wire value (or {@code EmptyRequest}) with a fresh idempotency key. */
    <T> T post(String route, String path, Object body, Class<T> answer) {
        return post(route, path, body, newKey(), answer);
    }

    /** POST of a wire value with a caller-chosen idempotency key, for calls the caller may resend itself. */
    <T> T post(String route, String path, Object body, String idempotencyKey, Class<T> answer) {
        require("POST", route);
        TransportResponse r = transport.execute(new TransportRequest("POST", path, query("POST", route, Map.of()),
                WireJson.write(body), Optional.of(idempotencyKey)));
        return read(r.body(), answer);
    }

    /** POST of a wire value with a fresh key; the raw answer (a 204 has an empty body). */
    TransportResponse postRaw(String route, String path, Object body) {
        require("POST", route);
        return transport.execute(new TransportRequest("POST", path, Map.of(), WireJson.write(body),
                Optional.of(newKey())));
    }

    /** An answer bound to its wire type, tolerantly. */
    static <T> T read(byte[] body, Class<T> answer) {
        try {
            return WireJson.readTolerant(body, answer);
        } catch (WireException e) {
            throw new ServerException("server sent an answer this client cannot read: " + e.getMessage(), e);
        }
    }

    static String newKey() {
        return UUID.randomUUID().toString();
    }

    private void require(String method, String route) {
        if (server != null && !server.supports(method, route)) {
            throw new UnsupportedFeatureException("server " + server.serverVersion() + " does not support "
                    + method + " " + route);
        }
    }
}
