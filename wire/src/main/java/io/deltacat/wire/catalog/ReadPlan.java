package io.deltacat.wire.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.wire.WireSchema;
import java.util.List;
import java.util.Map;
import io.deltacat.wire.common.StorageCredential;

/** {@code ReadPlan}. */
@WireSchema("ReadPlan")
public record ReadPlan(
        @JsonProperty(value = "namespace", required = true) String namespace,
        @JsonProperty(value = "table", required = true) String table,
        @JsonProperty(value = "schema", required = true) JsonNode schema,
        @JsonProperty(value = "snapshotTime", required = true) Long snapshotTime,
        @JsonProperty("layoutManifest") String layoutManifest,
        @JsonProperty(value = "files", required = true) List<PlannedFile> files,
        @JsonProperty(value = "totalFiles", required = true) Long totalFiles,
        @JsonProperty(value = "credentials", required = true) List<StorageCredential> credentials,
        @JsonProperty("fileSchemas") Map<String, JsonNode> fileSchemas,
        @JsonProperty("mergeKeys") List<String> mergeKeys) {
}
