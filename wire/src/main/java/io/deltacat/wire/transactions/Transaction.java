package io.deltacat.wire.transactions;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code Transaction}. */
@WireSchema("Transaction")
public record Transaction(
        @JsonProperty(value = "transactionId", required = true) String transactionId,
        @JsonProperty(value = "message", required = true) String message,
        @JsonProperty(value = "state", required = true) TransactionState state,
        @JsonProperty(value = "startTime", required = true) Long startTime,
        @JsonProperty(value = "createdAt", required = true) Long createdAt,
        @JsonProperty(value = "expiresAt", required = true) Long expiresAt,
        @JsonProperty(value = "ttlMs", required = true) Integer ttlMs,
        @JsonProperty(value = "heartbeatIntervalMs", required = true) Integer heartbeatIntervalMs,
        @JsonProperty("commitTime") Long commitTime,
        @JsonProperty("error") String error) {
}
