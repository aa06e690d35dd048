package io.deltacat.api;

import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.model.ServerInfo;
import io.deltacat.api.model.TransactionResult;
import io.deltacat.api.model.TransactionStatus;
import io.deltacat.api.options.TransactionOptions;
import io.deltacat.api.spi.ClientProvider;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The root of the client: connects to a DeltaCAT API server and hands out subclients.
 *
 * <pre>{@code
 * try (DeltacatClient client = DeltacatClient.connect("http://localhost:8080")) {
 *     client.catalog().write(root, w -> w.table("cool_cats"));
 *     try (ArrowReader r = client.catalog().read(q -> q.table("cool_cats"))) {
 *         while (r.loadNextBatch()) { ... r.getVectorSchemaRoot() ... }
 *     }
 * }
 * }</pre>
 *
 * <p>The implementation is found with {@link ServiceLoader}: put the {@code io.deltacat.client}
 * module and a transport (e.g. {@code io.deltacat.transport.http}) on the module path.
 */
public interface DeltacatClient extends AutoCloseable {

    /** Connects to {@code uri} with default settings and no credentials. */
    static DeltacatClient connect(String uri) {
        return connect(ClientConfig.builder().uri(uri).build());
    }

    /**
     * Connects with {@code config}: checks the server's API version and reads its capabilities.
     *
     * @throws UnsupportedFeatureException when no client implementation is on the module path
     */
    static DeltacatClient connect(ClientConfig config) {
        ClientProvider provider = ServiceLoader.load(ClientProvider.class).findFirst()
                .orElseThrow(() -> new UnsupportedFeatureException(
                        "no DeltaCAT client implementation found: add module io.deltacat.client"));
        return provider.connect(config);
    }

    /** Catalog operations: namespaces, tables, reads and writes. */
    CatalogClient catalog();

    /** The server's durable job queue: submit, watch, claim and run jobs. */
    JobsClient jobs();

    /** Users, tokens and grants of a server with users; {@link AuthClient#whoami()} on any server. */
    AuthClient auth();

    /**
     * Begins a multi-table transaction; use it with try-with-resources (see {@link Transaction}).
     *
     * <p><b>Unlike Python's {@code with} block</b>, which commits when the block ends normally, a Java
     * transaction applies nothing until {@link Transaction#commit()} is called: closing it without a
     * commit discards it. For the Python behaviour (commit on normal return, abort on an exception),
     * use {@link #inTransaction(String, TransactionBody)}.
     *
     * <pre>{@code
     * try (Transaction tx = client.transaction("nightly load")) {
     *     tx.catalog().write(events, w -> w.table("events"));
     *     tx.commit();          // without this line, close() discards the write
     * }
     * }</pre>
     *
     * @throws io.deltacat.api.error.UnsupportedFeatureException when the server has no transactions
     */
    default Transaction transaction(String message) {
        return transaction(t -> t.message(message));
    }

    /** Begins a multi-table transaction with options (message, time to live); see {@link #transaction(String)}. */
    Transaction transaction(Consumer<TransactionOptions.Builder> options);

    /**
     * Runs {@code body} in a new transaction, like Python's {@code with client.transaction(...)}: commits
     * when {@code body} returns normally; aborts when it throws, and rethrows that exception unchanged
     * (checked exceptions included; a failure to abort is added to it as suppressed).
     *
     * <pre>{@code
     * TransactionResult done = client.inTransaction("nightly load", tx -> {
     *     tx.catalog().write(users, w -> w.table("users").mode(WriteMode.REPLACE));
     *     tx.catalog().write(events, w -> w.table("events"));
     * });
     * Table asCommitted = client.catalog().readAll(q -> q.table("users").asOf(done.commitTime()));
     * }</pre>
     *
     * <p>{@code body} must not call {@link Transaction#commit()} or {@link Transaction#abort()} itself;
     * to roll back, throw.
     *
     * @return the commit's result
     * @throws E what {@code body} threw (the transaction was aborted)
     * @throws io.deltacat.api.error.ConflictException when the commit conflicts; nothing is applied
     * @throws io.deltacat.api.error.CommitOutcomeUnknownException when the commit's outcome could not be
     *         learned; see {@link #transactionStatus(String)}
     */
    default <E extends Exception> TransactionResult inTransaction(String message, TransactionBody<E> body) throws E {
        return inTransaction(t -> t.message(message), body);
    }

    /** {@link #inTransaction(String, TransactionBody)} with options (message, time to live). */
    default <E extends Exception> TransactionResult inTransaction(Consumer<TransactionOptions.Builder> options,
                                                                  TransactionBody<E> body) throws E {
        Objects.requireNonNull(body, "body");
        try (Transaction tx = transaction(options)) {
            runAbortingOnFailure(tx, (TransactionFunction<Void, E>) t -> {
                body.run(t);
                return null;
            });
            return tx.commit();
        }
    }

    /**
     * {@link #inTransaction(String, TransactionBody)} for a body that returns a value: commits when it
     * returns normally and then returns its value; aborts and rethrows when it throws.
     *
     * <pre>{@code
     * long rows = client.callInTransaction("move", tx -> {
     *     WriteResult w = tx.catalog().write(batch, o -> o.table("archive"));
     *     tx.catalog().dropTable("default", "inbox");
     *     return w.rowCount();
     * });
     * }</pre>
     *
     * @throws E what {@code body} threw (the transaction was aborted)
     */
    default <T, E extends Exception> T callInTransaction(String message, TransactionFunction<T, E> body) throws E {
        return callInTransaction(t -> t.message(message), body);
    }

    /** {@link #callInTransaction(String, TransactionFunction)} with options (message, time to live). */
    default <T, E extends Exception> T callInTransaction(Consumer<TransactionOptions.Builder> options,
                                                         TransactionFunction<T, E> body) throws E {
        Objects.requireNonNull(body, "body");
        try (Transaction tx = transaction(options)) {
            T value = runAbortingOnFailure(tx, body);
            tx.commit();
            return value;
        }
    }

    private static <T, E extends Exception> T runAbortingOnFailure(Transaction tx, TransactionFunction<T, E> body)
            throws E {
        try {
            return body.apply(tx);
        } catch (Throwable failure) {
            try {
                tx.abort();
            } catch (RuntimeException abortFailed) {
                failure.addSuppressed(abortFailed);
            }
            throw failure;
        }
    }

    /**
     * The state of a transaction, by id: whether a commit whose answer was lost
     * ({@link io.deltacat.api.error.CommitOutcomeUnknownException} of kind {@code TRANSACTION}) was
     * applied.
     *
     * <pre>{@code
     * TransactionStatus s = client.transactionStatus(e.id());
     * if (s.isCommitted()) { ... read with asOf(s.commitTime().getAsLong()) ... }
     * }</pre>
     *
     * @throws io.deltacat.api.error.NotFoundException when the server knows no such transaction
     */
    TransactionStatus transactionStatus(String transactionId);

    /** Subscriptions: pipeline leaves that consume new source deltas. */
    SubscriptionsClient subscriptions();

    /** Transforms: pipeline nodes that read sources and write sinks, atomically with their watermark. */
    TransformsClient transforms();

    /** Publications: pipeline roots that write sink tables. */
    PublicationsClient publications();

    /** Pipelines: discovery, grouping, status, pause and resume of connected nodes. */
    PipelinesClient pipelines();

    /** What the server reported at connect time. */
    ServerInfo serverInfo();

    /** The allocator reads allocate from; results must be closed before the client. */
    BufferAllocator allocator();

    /** Releases connections, threads and (if client-owned) the allocator. */
    @Override
    void close();
}
