package io.deltacat.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.api.CatalogClient;
import io.deltacat.api.Transaction;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.model.TransactionResult;
import io.deltacat.api.options.TransactionOptions;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A transaction: a catalog whose calls carry the transaction's id, a background heartbeat, and
 * commit or abort. A heartbeat the server refuses (the transaction expired or was ended) marks the
 * transaction lost; its commit then fails without calling the server.
 */
final class DefaultTransaction implements Transaction {
    static final String BEGIN = "/v1/transactions";
    static final String TRANSACTION = "/v1/transactions/{transactionId}";
    static final String HEARTBEAT = "/v1/transactions/{transactionId}/heartbeat";
    static final String COMMIT = "/v1/transactions/{transactionId}/commit";

    private enum State { OPEN, COMMITTED, ABORTED }

    private final ApiCalls calls;
    private final String id;
    private final String message;
    private final CatalogClient catalog;
    private final ScheduledFuture<?> heartbeats;
    private State state = State.OPEN;
    private volatile DeltacatException lost;

    private DefaultTransaction(ApiCalls calls, JsonNode begun, Function<ApiCalls, CatalogClient> catalogs,
                               ScheduledExecutorService scheduler) {
        this.calls = calls;
        this.id = begun.path("transactionId").asText();
        this.message = begun.path("message").asText();
        this.catalog = catalogs.apply(calls.inTransaction(id));
        long interval = Math.max(10, begun.path("heartbeatIntervalMs").asLong(20_000));
        this.heartbeats = scheduler.scheduleWithFixedDelay(this::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
    }

    static DefaultTransaction begin(ApiCalls calls, TransactionOptions options,
                                    Function<ApiCalls, CatalogClient> catalogs, ScheduledExecutorService scheduler) {
        JsonNode begun = calls.post(BEGIN, PathSegments.path("transactions"), Json.object()
                .put("message", options.message()).put("ttlMs", options.timeToLive().toMillis()));
        return new DefaultTransaction(calls, begun, catalogs, scheduler);
    }

    private void heartbeat() {
        try {
            calls.post(HEARTBEAT, PathSegments.path("transactions", id, "heartbeat"), Json.object());
        } catch (ConflictException | NotFoundException e) {
            // expired or ended on the server: nothing more to keep alive
            lost = e;
            heartbeats.cancel(false);
        } catch (RuntimeException e) {
            // a transient failure: the next heartbeat may get through before the deadline
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String message() {
        return message;
    }

    @Override
    public CatalogClient catalog() {
        return catalog;
    }

    @Override
    public synchronized TransactionResult commit() {
        if (state != State.OPEN) {
            throw new IllegalStateException("transaction " + id + " is already " + state.name().toLowerCase());
        }
        heartbeats.cancel(false);
        DeltacatException cause = lost;
        if (cause != null) {
            state = State.ABORTED;
            throw new ConflictException("transaction " + id + " was lost before its commit: " + cause.getMessage(),
                    cause);
        }
        try {
            JsonNode committed = calls.post(COMMIT, PathSegments.path("transactions", id, "commit"), Json.object());
            state = State.COMMITTED;
            return new TransactionResult(id, committed.path("commitTime").asLong());
        } catch (ConflictException | NotFoundException e) {
            // the server aborted it: nothing of it was applied
            state = State.ABORTED;
            throw e;
        }
    }

    @Override
    public synchronized void abort() {
        if (state != State.OPEN) {
            return;
        }
        heartbeats.cancel(false);
        state = State.ABORTED;
        try {
            calls.delete(TRANSACTION, PathSegments.path("transactions", id), Map.of());
        } catch (NotFoundException e) {
            // gone already: expired and forgotten
        }
    }

    @Override
    public synchronized boolean isOpen() {
        return state == State.OPEN && lost == null;
    }

    @Override
    public void close() {
        abort();
    }
}
