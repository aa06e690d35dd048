package io.deltacat.client.internal;

import io.deltacat.api.model.TransactionState;
import io.deltacat.api.model.TransactionStatus;
import io.deltacat.wire.transactions.Transaction;
import java.util.Optional;
import java.util.OptionalLong;

/** The one place transaction wire types ({@code io.deltacat.wire.transactions}) become API records. */
final class TransactionWire {
    private TransactionWire() {
    }

    static TransactionState state(Transaction t) {
        return t.state() == null ? TransactionState.UNKNOWN : TransactionState.fromWire(t.state().wire());
    }

    static TransactionStatus status(Transaction t) {
        return new TransactionStatus(t.transactionId(), t.message() == null ? "" : t.message(), state(t),
                nanos(t.startTime()), nanos(t.expiresAt()),
                t.commitTime() == null ? OptionalLong.empty() : OptionalLong.of(t.commitTime()),
                Optional.ofNullable(t.error()));
    }

    static long nanos(Long n) {
        return n == null ? 0 : n;
    }
}
