package io.deltacat.wire.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code NodeWatermark}. */
@WireSchema("NodeWatermark")
public record NodeWatermark(
        @JsonProperty(value = "nodeId", required = true) String nodeId,
        @JsonProperty(value = "positions", required = true) List<Position> positions) {
}
