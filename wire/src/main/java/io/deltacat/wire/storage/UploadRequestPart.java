package io.deltacat.wire.storage;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code UploadRequest.parts[]}. */
@WireSchema("UploadRequest.parts[]")
public record UploadRequestPart(
        @JsonProperty(value = "partNumber", required = true) Integer partNumber,
        @JsonProperty(value = "etag", required = true) String etag) {
}
