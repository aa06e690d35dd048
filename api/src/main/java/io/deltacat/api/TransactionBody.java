package io.deltacat.api;

/**
 * The work of {@link DeltacatClient#inTransaction(String, TransactionBody)}: may throw any exception,
 * checked ones included ({@code E}), which aborts the transaction and reaches the caller unchanged.
 *
 * @param <E> the checked exception the body may throw ({@code RuntimeException} when none)
 */
@Evolving
@FunctionalInterface
public interface TransactionBody<E extends Exception> {

    /** Does the transaction's work through {@code tx.catalog()}; must not commit or abort it. */
    void run(Transaction tx) throws E;
}
