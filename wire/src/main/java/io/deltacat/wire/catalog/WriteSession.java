package io.deltacat.wire.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.wire.WireSchema;
import java.util.List;
import java.util.Map;
import io.deltacat.wire.common.StorageCredential;

/** {@code WriteSession}. */
@WireSchema("WriteSession")
public record WriteSession(
        @JsonProperty(value = "writeId", required = true) String writeId,
        @JsonProperty(value = "namespace", required = true) String namespace,
        @JsonProperty(value = "table", required = true) String table,
        @JsonProperty(value = "mode", required = true) WriteMode mode,
        @JsonProperty(value = "format", required = true) String format,
        @JsonProperty(value = "stagingUri", required = true) String stagingUri,
        @JsonProperty(value = "expiresAt", required = true) Long expiresAt,
        @JsonProperty(value = "tableExists", required = true) Boolean tableExists,
        @JsonProperty(value = "schema", required = true) JsonNode schema,
        @JsonProperty(value = "credentials", required = true) List<StorageCredential> credentials,
        @JsonProperty("partitionKeys") List<PartitionKey> partitionKeys,
        @JsonProperty("sortKeys") List<SortKey> sortKeys,
        @JsonProperty("tableProperties") Map<String, String> tableProperties,
        @JsonProperty("mergeKeys") List<String> mergeKeys) {
}
