package io.deltacat.client.internal;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.Transaction;
import io.deltacat.api.error.CommitOutcomeUnknownException;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.error.ServiceUnavailableException;
import io.deltacat.api.model.TransactionResult;
import io.deltacat.api.model.TransactionState;
import io.deltacat.api.model.TransactionStatus;
import io.deltacat.api.options.TransactionOptions;
import io.deltacat.wire.common.EmptyRequest;
import io.deltacat.wire.transactions.BeginTransactionRequest;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A transaction: a catalog whose calls carry the transaction's id, a background heartbeat, and
 * commit or abort. A heartbeat the server refuses (the transaction expired or was ended) marks the
 * transaction lost; its commit then fails without calling the server.
 *
 * <p>A commit whose answer is lost (DESIGN section 6) is resolved by the transaction's state: committed
 * is success, aborted or expired is the failure the commit met, still open means the commit was not
 * applied, and an abort makes sure it never will be. When the state cannot be read the outcome is
 * unknown ({@link CommitOutcomeUnknownException}); the transaction is then left alone.
 */
final class DefaultTransaction implements Transaction {
    static final String BEGIN = "/v1/transactions";
    static final String TRANSACTION = "/v1/transactions/{transactionId}";
    static final String HEARTBEAT = "/v1/transactions/{transactionId}/heartbeat";
    static final String COMMIT = "/v1/transactions/{transactionId}/commit";

    private enum State { OPEN, COMMITTED, ABORTED, UNKNOWN }

    private static final EmptyRequest EMPTY = new EmptyRequest();

    private final ApiCalls calls;
    private final String id;
    private final String message;
    private final CatalogClient catalog;
    private final ScheduledFuture<?> heartbeats;
    private State state = State.OPEN;
    private volatile DeltacatException lost;

    private DefaultTransaction(ApiCalls calls, io.deltacat.wire.transactions.Transaction begun, Function<ApiCalls, CatalogClient> catalogs,
                               ScheduledExecutorService scheduler) {
        this.calls = calls;
        this.id = begun.transactionId();
        this.message = begun.message();
        this.catalog = catalogs.apply(calls.inTransaction(id));
        long interval = Math.max(10, begun.heartbeatIntervalMs() == null ? 20_000 : begun.heartbeatIntervalMs());
        this.heartbeats = scheduler.scheduleWithFixedDelay(this::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
    }

    static DefaultTransaction begin(ApiCalls calls, TransactionOptions options,
                                    Function<ApiCalls, CatalogClient> catalogs, ScheduledExecutorService scheduler) {
        // a time to live beyond int range is sent as the largest int, for the server to refuse by its limit
        int ttl = (int) Math.min(Integer.MAX_VALUE, options.timeToLive().toMillis());
        io.deltacat.wire.transactions.Transaction begun = calls.post(BEGIN, PathSegments.path("transactions"),
                new BeginTransactionRequest(options.message(), ttl), io.deltacat.wire.transactions.Transaction.class);
        return new DefaultTransaction(calls, begun, catalogs, scheduler);
    }

    private void heartbeat() {
        try {
            calls.post(HEARTBEAT, PathSegments.path("transactions", id, "heartbeat"), EMPTY, io.deltacat.wire.transactions.Transaction.class);
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
            throw new IllegalStateException("transaction " + id + (state == State.UNKNOWN
                    ? " was already committed with an unknown outcome" : " is already " + state.name().toLowerCase()));
        }
        heartbeats.cancel(false);
        DeltacatException cause = lost;
        if (cause != null) {
            state = State.ABORTED;
            throw new ConflictException("transaction " + id + " was lost before its commit: " + cause.getMessage(),
                    cause);
        }
        io.deltacat.wire.transactions.Transaction committed;
        try {
            committed = calls.post(COMMIT, PathSegments.path("transactions", id, "commit"), EMPTY,
                    io.deltacat.wire.transactions.Transaction.class);
        } catch (ConflictException | NotFoundException e) {
            // the server aborted it: nothing of it was applied
            state = State.ABORTED;
            throw e;
        } catch (ServiceUnavailableException lost) {
            committed = resolveLostCommit(lost);
        }
        state = State.COMMITTED;
        return new TransactionResult(id, TransactionWire.nanos(committed.commitTime()));
    }

    /**
     * The commit's answer was lost (the transport's keyed resends included). Returns the committed
     * transaction, or throws what the commit met.
     */
    private io.deltacat.wire.transactions.Transaction resolveLostCommit(ServiceUnavailableException lost) {
        io.deltacat.wire.transactions.Transaction status = readStatus(lost);
        switch (TransactionWire.state(status)) {
            case COMMITTED:
                return status;
            case ABORTED:
            case EXPIRED:
                state = State.ABORTED;
                throw new ConflictException("transaction " + id + " was not committed: it is "
                        + status.state().wire() + (status.error() != null
                                ? " (" + status.error() + ")" : "") + "; nothing of it was applied", lost);
            case OPEN:
                return abortUnapplied(lost);
            default:
                state = State.UNKNOWN;
                throw new CommitOutcomeUnknownException(CommitOutcomeUnknownException.Kind.TRANSACTION, id, lost);
        }
    }

    private io.deltacat.wire.transactions.Transaction readStatus(ServiceUnavailableException lost) {
        try {
            return calls.get(TRANSACTION, PathSegments.path("transactions", id), io.deltacat.wire.transactions.Transaction.class);
        } catch (NotFoundException gone) {
            state = State.ABORTED;
            gone.addSuppressed(lost);
            throw gone;
        } catch (DeltacatException e) {
            lost.addSuppressed(e);
            state = State.UNKNOWN;
            throw new CommitOutcomeUnknownException(CommitOutcomeUnknownException.Kind.TRANSACTION, id, lost);
        }
    }

    /**
     * The transaction is still open, so the commit was not applied: abort it, so that it never is. An
     * abort refused as a conflict means the commit won the race meanwhile.
     */
    private io.deltacat.wire.transactions.Transaction abortUnapplied(ServiceUnavailableException lost) {
        try {
            calls.delete(TRANSACTION, PathSegments.path("transactions", id), Map.of());
        } catch (ConflictException committedMeanwhile) {
            io.deltacat.wire.transactions.Transaction status = readStatus(lost);
            if (TransactionWire.state(status) == TransactionState.COMMITTED) {
                return status;
            }
            lost.addSuppressed(committedMeanwhile);
            state = State.UNKNOWN;
            throw new CommitOutcomeUnknownException(CommitOutcomeUnknownException.Kind.TRANSACTION, id, lost);
        } catch (NotFoundException gone) {
            // expired and forgotten: not applied either
        } catch (DeltacatException e) {
            lost.addSuppressed(e);
            state = State.UNKNOWN;
            throw new CommitOutcomeUnknownException(CommitOutcomeUnknownException.Kind.TRANSACTION, id, lost);
        }
        state = State.ABORTED;
        throw new ServiceUnavailableException("commit of transaction " + id + " did not get through (" + lost.getMessage()
                + "); the transaction was aborted, nothing of it was applied", lost);
    }

    static TransactionStatus status(ApiCalls calls, String transactionId) {
        return TransactionWire.status(calls.get(TRANSACTION, PathSegments.path("transactions", transactionId),
                io.deltacat.wire.transactions.Transaction.class));
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
