package io.deltacat.api.model;

/**
 * A committed transaction.
 *
 * @param transactionId the server's id of the transaction
 * @param commitTime the nanosecond commit time of every change in it; pass it as {@code asOf} to
 *                   read the tables as of the transaction
 */
public record TransactionResult(String transactionId, long commitTime) {
}
