package io.deltacat.server.internal.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.server.internal.catalog.Model;
import io.deltacat.server.internal.catalog.TransactionService;
import java.time.Duration;
import java.util.Set;

/**
 * The transaction routes under {@code /v1/transactions} ({@code openapi/deltacat-api.yaml}, tag
 * "transactions"). Catalog routes join a transaction with the {@code transactionId} query parameter.
 */
final class TransactionRoutes {
    private final TransactionService transactions;

    TransactionRoutes(TransactionService transactions) {
        this.transactions = transactions;
    }

    void register(Router router) {
        router.add("POST", "/v1/transactions", this::begin);
        router.add("GET", "/v1/transactions/{transactionId}", c ->
                HttpResult.json(200, transaction(transactions.get(c.param("transactionId")))));
        // an aborted transaction stays aborted and a committed one is answered unchanged: both hold the
        // process's commit lock, which no request may wait for inside a database transaction
        router.add("DELETE", "/v1/transactions/{transactionId}", Router.Resend.BY_IDS, c -> {
            transactions.abort(c.param("transactionId"));
            return HttpResult.noContent();
        });
        router.add("POST", "/v1/transactions/{transactionId}/heartbeat", c ->
                HttpResult.json(200, transaction(transactions.heartbeat(c.param("transactionId")))));
        router.add("POST", "/v1/transactions/{transactionId}/commit", Router.Resend.BY_IDS, c ->
                HttpResult.json(200, transaction(transactions.commit(c.param("transactionId")))));
    }

    private HttpResult begin(Router.Call c) throws Exception {
        Json.Obj o = Json.parse(c.body(), "BeginTransactionRequest", Set.of("message", "ttlMs"));
        Long ttl = o.integerOrNull("ttlMs", 1);
        return HttpResult.json(201, transaction(transactions.begin(o.string("message", ""),
                ttl == null ? TransactionService.DEFAULT_TTL : Duration.ofMillis(ttl), c.principal().user())));
    }

    /** The {@code transactionId} query parameter of a catalog route, or null. */
    static String transactionId(Router.Call c) {
        String id = c.query().get("transactionId");
        if (id != null && id.isEmpty()) {
            throw new InvalidRequestException("query parameter 'transactionId' must not be empty");
        }
        return id;
    }

    static ObjectNode transaction(Model.Transaction t) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("transactionId", t.id());
        n.put("message", t.message());
        n.put("state", t.state());
        n.put("startTime", t.startTime());
        n.put("createdAt", t.createdAt());
        n.put("expiresAt", t.expiresAt());
        n.put("ttlMs", t.ttlMs());
        n.put("heartbeatIntervalMs", Math.max(1, t.ttlMs() / 3));
        if (t.commitTime() != null) {
            n.put("commitTime", t.commitTime());
        }
        if (t.error() != null) {
            n.put("error", t.error());
        }
        return n;
    }
}
