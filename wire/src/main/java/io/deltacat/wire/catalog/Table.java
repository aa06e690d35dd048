package io.deltacat.wire.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.wire.WireSchema;
import java.util.List;
import java.util.Map;

/** {@code Table}. */
@WireSchema("Table")
public record Table(
        @JsonProperty(value = "namespace", required = true) String namespace,
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty(value = "schema", required = true) JsonNode schema,
        @JsonProperty(value = "format", required = true) String format,
        @JsonProperty(value = "properties", required = true) Map<String, String> properties,
        @JsonProperty(value = "createdAt", required = true) Long createdAt,
        @JsonProperty("latestCommitTime") Long latestCommitTime,
        @JsonProperty(value = "rowCount", required = true) Long rowCount,
        @JsonProperty(value = "fileCount", required = true) Long fileCount,
        @JsonProperty("partitionKeys") List<PartitionKey> partitionKeys,
        @JsonProperty("sortKeys") List<SortKey> sortKeys,
        @JsonProperty("schemaVersion") Long schemaVersion,
        @JsonProperty("mergeKeys") List<String> mergeKeys) {
}
