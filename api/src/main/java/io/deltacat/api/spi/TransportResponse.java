package io.deltacat.api.spi;

import java.util.Map;

/** A successful answer: status, headers (lower-case names) and the raw body (empty for none). */
public record TransportResponse(int status, Map<String, String> headers, byte[] body) {
    public TransportResponse {
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }
}
