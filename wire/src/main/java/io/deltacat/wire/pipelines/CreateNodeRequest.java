package io.deltacat.wire.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;
import java.util.Map;

/** {@code CreateNodeRequest}. */
@WireSchema("CreateNodeRequest")
public record CreateNodeRequest(
        @JsonProperty(value = "id", required = true) String id,
        @JsonProperty("name") String name,
        @JsonProperty(value = "kind", required = true) NodeKind kind,
        @JsonProperty("type") String type,
        @JsonProperty("mode") NodeMode mode,
        @JsonProperty("dispatchMode") DispatchMode dispatchMode,
        @JsonProperty("dispatchConfig") Map<String, String> dispatchConfig,
        @JsonProperty("workerTags") List<String> workerTags,
        @JsonProperty("maxAttempts") Integer maxAttempts,
        @JsonProperty("leaseMillis") Integer leaseMillis,
        @JsonProperty("sourceTables") List<TableRef> sourceTables,
        @JsonProperty("sinkTables") List<TableRef> sinkTables,
        @JsonProperty("trigger") Trigger trigger) {
}
