package io.deltacat.api.model;

import io.deltacat.api.Evolving;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The state of a transaction, as the server reports it
 * ({@link io.deltacat.api.DeltacatClient#transactionStatus}): how to learn whether a commit whose answer
 * was lost ({@link io.deltacat.api.error.CommitOutcomeUnknownException}) was applied. Times are
 * nanoseconds since the epoch.
 *
 * @param transactionId the transaction's id
 * @param message       the message it was begun with
 * @param state         where it is; {@link TransactionState#UNKNOWN} for a state this client does not know
 * @param startTime     the catalog time it began at (conflicts are judged against later commits)
 * @param expiresAt     when it expires unless heartbeated (meaningful while open)
 * @param commitTime    the commit time of all its changes, once committed (pass it as {@code asOf})
 * @param error         why it ended, when aborted or expired
 */
@Evolving
public record TransactionStatus(String transactionId, String message, TransactionState state, long startTime,
                                long expiresAt, OptionalLong commitTime, Optional<String> error) {
    public TransactionStatus {
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(commitTime, "commitTime");
        Objects.requireNonNull(error, "error");
    }

    /** Whether every change of the transaction is applied. */
    public boolean isCommitted() {
        return state == TransactionState.COMMITTED;
    }
}
