package io.deltacat.wire.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code PipelineGraph}. */
@WireSchema("PipelineGraph")
public record PipelineGraph(
        @JsonProperty(value = "nodeIds", required = true) List<String> nodeIds,
        @JsonProperty(value = "executionOrder", required = true) List<String> executionOrder) {
}
