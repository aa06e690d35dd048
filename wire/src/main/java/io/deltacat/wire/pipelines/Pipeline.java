package io.deltacat.wire.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code Pipeline}. */
@WireSchema("Pipeline")
public record Pipeline(
        @JsonProperty(value = "id", required = true) String id,
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty(value = "pinned", required = true) Boolean pinned,
        @JsonProperty(value = "seedNodeIds", required = true) List<String> seedNodeIds,
        @JsonProperty(value = "nodeIds", required = true) List<String> nodeIds,
        @JsonProperty(value = "executionOrder", required = true) List<String> executionOrder,
        @JsonProperty(value = "createdAt", required = true) Long createdAt) {
}
