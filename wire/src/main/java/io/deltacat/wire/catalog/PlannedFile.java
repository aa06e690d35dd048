package io.deltacat.wire.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.wire.WireSchema;
import java.util.List;
import java.util.Map;

/** {@code PlannedFile}. */
@WireSchema("PlannedFile")
public record PlannedFile(
        @JsonProperty(value = "uri", required = true) String uri,
        @JsonProperty(value = "format", required = true) String format,
        @JsonProperty(value = "rowCount", required = true) Long rowCount,
        @JsonProperty(value = "sizeBytes", required = true) Long sizeBytes,
        @JsonProperty(value = "deltaType", required = true) PlannedFileDeltaType deltaType,
        @JsonProperty(value = "streamPosition", required = true) Long streamPosition,
        @JsonProperty("columns") Map<String, ColumnStats> columns,
        @JsonProperty("partitionValues") List<JsonNode> partitionValues,
        @JsonProperty("schemaVersion") Long schemaVersion) {
}
