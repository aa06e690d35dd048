package io.deltacat.wire.transactions;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** Values of {@code Transaction.state} on the wire (open: clients tolerate values they do not know). */
@WireSchema("Transaction.state")
public enum TransactionState {
    @JsonProperty("open") OPEN,
    @JsonProperty("committed") COMMITTED,
    @JsonProperty("aborted") ABORTED,
    @JsonProperty("expired") EXPIRED,
    /** A value this side does not know (a newer peer); never sent. */
    @JsonEnumDefaultValue UNKNOWN;

    /** The name on the wire. */
    public String wire() {
        return io.deltacat.wire.WireJson.wireName(this);
    }

    /** The constant of a wire name; {@code UNKNOWN} (or an exception for a closed set) otherwise. */
    public static TransactionState of(String wire) {
        return io.deltacat.wire.WireJson.enumOf(TransactionState.class, wire);
    }
}
