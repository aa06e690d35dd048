package io.deltacat.wire.storage;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code UploadRequest}. */
@WireSchema("UploadRequest")
public record UploadRequest(
        @JsonProperty(value = "path", required = true) String path,
        @JsonProperty(value = "step", required = true) UploadRequestStep step,
        @JsonProperty("uploadId") String uploadId,
        @JsonProperty("partNumber") Integer partNumber,
        @JsonProperty("parts") List<UploadRequestPart> parts) {
}
