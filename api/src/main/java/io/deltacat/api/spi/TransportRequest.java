package io.deltacat.api.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request: method, path (already percent-encoded, starting with {@code /v1/}), query parameters
 * (not yet encoded), optional JSON body and optional idempotency key. A request with a key may be
 * resent; the server answers a resend with the stored answer.
 */
public record TransportRequest(String method, String path, Map<String, String> query, byte[] body,
                               Optional<String> idempotencyKey) {
    public TransportRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = Map.copyOf(query);
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    public static TransportRequest get(String path) {
        return new TransportRequest("GET", path, Map.of(), null, Optional.empty());
    }

    /** Whether resending cannot apply the operation twice. */
    public boolean retryable() {
        return method.equals("GET") || method.equals("HEAD") || idempotencyKey.isPresent();
    }
}
