package io.deltacat.wire.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.wire.WireSchema;
import java.util.List;
import java.util.Map;

/** {@code CommittedFile}. */
@WireSchema("CommittedFile")
public record CommittedFile(
        @JsonProperty(value = "path", required = true) String path,
        @JsonProperty(value = "format", required = true) String format,
        @JsonProperty(value = "rowCount", required = true) Long rowCount,
        @JsonProperty(value = "sizeBytes", required = true) Long sizeBytes,
        @JsonProperty("columns") Map<String, ColumnStats> columns,
        @JsonProperty("partitionValues") List<JsonNode> partitionValues) {
}
