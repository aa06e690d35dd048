package io.deltacat.wire.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import io.deltacat.wire.jobs.Job;

/** {@code ResetWatermarkResult}. */
@WireSchema("ResetWatermarkResult")
public record ResetWatermarkResult(
        @JsonProperty(value = "node", required = true) Node node,
        @JsonProperty("run") Job run) {
}
