package io.deltacat.api;

/**
 * The work of {@link DeltacatClient#callInTransaction(String, TransactionFunction)}: returns a value and
 * may throw any exception, checked ones included ({@code E}), which aborts the transaction and reaches
 * the caller unchanged.
 *
 * @param <T> what it returns
 * @param <E> the checked exception it may throw ({@code RuntimeException} when none)
 */
@Evolving
@FunctionalInterface
public interface TransactionFunction<T, E extends Exception> {

    /** Does the transaction's work through {@code tx.catalog()}; must not commit or abort it. */
    T apply(Transaction tx) throws E;
}
