package io.deltacat.wire.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code SourceLag}. */
@WireSchema("SourceLag")
public record SourceLag(
        @JsonProperty(value = "namespace", required = true) String namespace,
        @JsonProperty(value = "table", required = true) String table,
        @JsonProperty(value = "watermark", required = true) Long watermark,
        @JsonProperty(value = "latest", required = true) Long latest,
        @JsonProperty(value = "deltasBehind", required = true) Long deltasBehind) {
}
