package io.deltacat.wire.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;
import java.util.Map;

/** {@code Node}. */
@WireSchema("Node")
public record Node(
        @JsonProperty(value = "id", required = true) String id,
        @JsonProperty("name") String name,
        @JsonProperty(value = "kind", required = true) NodeKind kind,
        @JsonProperty(value = "type", required = true) String type,
        @JsonProperty(value = "mode", required = true) NodeMode mode,
        @JsonProperty(value = "dispatchMode", required = true) DispatchMode dispatchMode,
        @JsonProperty(value = "dispatchConfig", required = true) Map<String, String> dispatchConfig,
        @JsonProperty(value = "workerTags", required = true) List<String> workerTags,
        @JsonProperty(value = "maxAttempts", required = true) Integer maxAttempts,
        @JsonProperty(value = "leaseMillis", required = true) Integer leaseMillis,
        @JsonProperty(value = "sourceTables", required = true) List<TableRef> sourceTables,
        @JsonProperty(value = "sinkTables", required = true) List<TableRef> sinkTables,
        @JsonProperty(value = "trigger", required = true) Trigger trigger,
        @JsonProperty("nextFireAt") Long nextFireAt,
        @JsonProperty(value = "paused", required = true) Boolean paused,
        @JsonProperty(value = "createdAt", required = true) Long createdAt,
        @JsonProperty(value = "updatedAt", required = true) Long updatedAt,
        @JsonProperty(value = "watermark", required = true) List<Position> watermark) {
}
