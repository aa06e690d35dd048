package io.deltacat.wire.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code CreatePipelineRequest}: Exactly one of nodeIds (pinned) and seedNodeIds (seeded). */
@WireSchema("CreatePipelineRequest")
public record CreatePipelineRequest(
        @JsonProperty(value = "id", required = true) String id,
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty("nodeIds") List<String> nodeIds,
        @JsonProperty("seedNodeIds") List<String> seedNodeIds) {
}
