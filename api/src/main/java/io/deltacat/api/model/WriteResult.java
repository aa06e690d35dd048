package io.deltacat.api.model;

/**
 * The outcome of a committed write.
 *
 * @param commitTime nanosecond commit timestamp; pass it as {@code asOf} to read the table as of this
 *                   write. 0 for a write inside a transaction, which takes the transaction's commit
 *                   time ({@link TransactionResult#commitTime()})
 */
public record WriteResult(String namespace, String table, String writeId, long commitTime,
                          long rowCount, int fileCount, boolean tableCreated) {
}
