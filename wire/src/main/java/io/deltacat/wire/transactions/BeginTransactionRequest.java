package io.deltacat.wire.transactions;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code BeginTransactionRequest}. */
@WireSchema("BeginTransactionRequest")
public record BeginTransactionRequest(
        @JsonProperty("message") String message,
        @JsonProperty("ttlMs") Integer ttlMs) {
}
