package io.deltacat.wire.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;
import io.deltacat.wire.jobs.Job;

/** {@code NodeStatus}. */
@WireSchema("NodeStatus")
public record NodeStatus(
        @JsonProperty(value = "nodeId", required = true) String nodeId,
        @JsonProperty(value = "kind", required = true) NodeKind kind,
        @JsonProperty(value = "state", required = true) NodeStatusState state,
        @JsonProperty("lastRun") Job lastRun,
        @JsonProperty(value = "lag", required = true) List<SourceLag> lag) {
}
