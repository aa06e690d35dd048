package io.deltacat.wire.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.wire.WireSchema;
import java.util.List;
import java.util.Map;

/** {@code BeginWriteRequest}. */
@WireSchema("BeginWriteRequest")
public record BeginWriteRequest(
        @JsonProperty(value = "mode", required = true) WriteMode mode,
        @JsonProperty(value = "schema", required = true) JsonNode schema,
        @JsonProperty("format") String format,
        @JsonProperty("autoCreateNamespace") Boolean autoCreateNamespace,
        @JsonProperty("tableProperties") Map<String, String> tableProperties,
        @JsonProperty("partitionKeys") List<PartitionKey> partitionKeys,
        @JsonProperty("sortKeys") List<SortKey> sortKeys,
        @JsonProperty("mergeKeys") List<String> mergeKeys) {
}
