package io.deltacat.wire.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code Position}: A source's watermark, the commit time of the last delta consumed (0 for none). */
@WireSchema("Position")
public record Position(
        @JsonProperty(value = "namespace", required = true) String namespace,
        @JsonProperty(value = "table", required = true) String table,
        @JsonProperty(value = "position", required = true) Long position) {
}
