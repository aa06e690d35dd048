package io.deltacat.wire.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code PipelineStatus}. */
@WireSchema("PipelineStatus")
public record PipelineStatus(
        @JsonProperty(value = "pipelineId", required = true) String pipelineId,
        @JsonProperty(value = "nodes", required = true) List<NodeStatus> nodes) {
}
