package io.deltacat.wire.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code PreparedWrite}. */
@WireSchema("PreparedWrite")
public record PreparedWrite(
        @JsonProperty(value = "writeId", required = true) String writeId,
        @JsonProperty(value = "jobId", required = true) String jobId,
        @JsonProperty(value = "commitId", required = true) String commitId) {
}
