package io.deltacat.wire.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.wire.WireSchema;
import java.util.List;
import java.util.Map;

/** {@code CreateTableRequest}. */
@WireSchema("CreateTableRequest")
public record CreateTableRequest(
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty(value = "schema", required = true) JsonNode schema,
        @JsonProperty("format") String format,
        @JsonProperty("properties") Map<String, String> properties,
        @JsonProperty("autoCreateNamespace") Boolean autoCreateNamespace,
        @JsonProperty("partitionKeys") List<PartitionKey> partitionKeys,
        @JsonProperty("sortKeys") List<SortKey> sortKeys,
        @JsonProperty("mergeKeys") List<String> mergeKeys) {
}
