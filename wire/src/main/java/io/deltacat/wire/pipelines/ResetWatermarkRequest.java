package io.deltacat.wire.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code ResetWatermarkRequest}. */
@WireSchema("ResetWatermarkRequest")
public record ResetWatermarkRequest(
        @JsonProperty(value = "positions", required = true) List<Position> positions,
        @JsonProperty(value = "reason", required = true) ResetWatermarkRequestReason reason) {
}
