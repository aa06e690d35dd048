package io.deltacat.wire.storage;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.Map;

/** {@code UploadAnswer}. */
@WireSchema("UploadAnswer")
public record UploadAnswer(
        @JsonProperty("method") String method,
        @JsonProperty("url") String url,
        @JsonProperty(value = "headers", required = true) Map<String, String> headers,
        @JsonProperty("expiresAt") Long expiresAt,
        @JsonProperty("uploadId") String uploadId) {
}
