package io.deltacat.api;

import io.deltacat.api.model.TransactionResult;

/**
 * A multi-table transaction: writes, table creates and drops made through {@link #catalog()} are
 * applied together, at one commit time, by {@link #commit()}, or not at all.
 *
 * <pre>{@code
 * try (Transaction tx = client.transaction("nightly load")) {
 *     tx.catalog().write(users, w -> w.table("users").mode(WriteMode.REPLACE));
 *     tx.catalog().write(events, w -> w.table("events"));
 *     tx.catalog().dropTable("default", "users_staging");
 *     Table mine = tx.catalog().readAll(q -> q.table("events")); // sees the uncommitted write
 *     tx.commit();
 * } // closed without commit (or on an exception): discarded, staged files deleted
 * }</pre>
 *
 * <p><b>Porting from Python:</b> Python's {@code with client.transaction(...)} commits when the block
 * ends normally; here nothing is applied without an explicit {@link #commit()}, and a transaction
 * closed without one is discarded. {@link DeltacatClient#inTransaction(String, TransactionBody)} gives
 * the Python behaviour: commit on normal return, abort (and rethrow) on an exception.
 *
 * <pre>{@code
 * client.inTransaction("nightly load", tx -> {
 *     tx.catalog().write(events, w -> w.table("events"));
 * }); // committed here
 * }</pre>
 *
 * <p>Until the commit, only reads through {@link #catalog()} see the transaction's changes; other
 * clients see none of them. Reads with {@code asOf} see exactly the committed state at that time,
 * inside or outside. While open, the client heartbeats the transaction in the background; if the
 * client dies, the server expires the transaction after its time to live and deletes what it
 * staged. Namespaces are not transactional: create them before, or use {@code autoCreateNamespace}.
 * {@code alterTable} of a committed table takes part (the transaction sees the new schema at once);
 * a table created in the transaction is created with its final schema instead.
 *
 * <p>Commit checks conflicts with what others committed after the transaction began: a table it
 * writes must not have been dropped, a table it drops or replaces must not have been written, and
 * a table it alters must not have had its schema changed.
 * Appends from concurrent transactions to one table never conflict. A conflict aborts the
 * transaction with a {@link io.deltacat.api.error.ConflictException}; nothing of it is applied.
 */
public interface Transaction extends AutoCloseable {

    /** The server's id of the transaction. */
    String id();

    /** The message it was begun with. */
    String message();

    /** The catalog, acting inside this transaction. Namespace creates and drops are refused. */
    CatalogClient catalog();

    /**
     * Applies everything the transaction did, atomically.
     *
     * @return the commit time, to read the result with {@code asOf}
     * @throws io.deltacat.api.error.ConflictException on a conflict, or when the transaction expired
     *         (its heartbeats stopped) or was already ended; nothing of it is applied
     * @throws io.deltacat.api.error.CommitOutcomeUnknownException when the commit's answer was lost and
     *         its outcome could not be learned from the server: it may or may not be applied; do not
     *         redo the work before checking {@link DeltacatClient#transactionStatus(String)}
     * @throws IllegalStateException when this transaction was already committed or aborted here
     */
    TransactionResult commit();

    /** Discards the transaction and what it staged. Does nothing if it already ended without commit. */
    void abort();

    /** Whether the transaction can still be used: neither committed, aborted, nor lost. */
    boolean isOpen();

    /** Aborts the transaction unless it was committed (or its commit's outcome is unknown). */
    @Override
    void close();
}
