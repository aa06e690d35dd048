package io.deltacat.server.internal.http;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.server.internal.catalog.Model;
import io.deltacat.server.internal.catalog.TransactionService;
import java.time.Duration;
import io.deltacat.wire.transactions.BeginTransactionRequest;
import io.deltacat.wire.transactions.Transaction;
import io.deltacat.wire.transactions.TransactionState;

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
                HttpResult.wire(200, transaction(transactions.get(c.param("transactionId")))));
        // an aborted transaction stays aborted and a committed one is answered unchanged: both hold the
        // process's commit lock, which no request may wait for inside a database transaction
        router.add("DELETE", "/v1/transactions/{transactionId}", Router.Resend.BY_IDS, c -> {
            transactions.abort(c.param("transactionId"));
            return HttpResult.noContent();
        });
        router.add("POST", "/v1/transactions/{transactionId}/heartbeat", c -> {
            Json.readEmpty(c.body()); // an empty object, or no body: a field this server does not know is refused
            return HttpResult.wire(200, transaction(transactions.heartbeat(c.param("transactionId"))));
        });
        router.add("POST", "/v1/transactions/{transactionId}/commit", Router.Resend.BY_IDS, c -> {
            Json.readEmpty(c.body());
            return HttpResult.wire(200, transaction(transactions.commit(c.param("transactionId"))));
        });
    }

    private HttpResult begin(Router.Call c) throws Exception {
        BeginTransactionRequest r = Json.read(c.body(), BeginTransactionRequest.class);
        Long ttl = Json.atLeast(r.ttlMs() == null ? null : r.ttlMs().longValue(), 1, "ttlMs", "BeginTransactionRequest");
        return HttpResult.wire(201, transaction(transactions.begin(r.message() == null ? "" : r.message(),
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

    static Transaction transaction(Model.Transaction t) {
        return new Transaction(t.id(), t.message(), TransactionState.of(t.state()), t.startTime(), t.createdAt(),
                t.expiresAt(), (int) t.ttlMs(), (int) Math.max(1, t.ttlMs() / 3), t.commitTime(), t.error());
    }
}
