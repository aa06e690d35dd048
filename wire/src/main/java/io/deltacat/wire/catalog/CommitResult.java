package io.deltacat.wire.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code CommitResult}: A write inside a transaction is prepared and has no commitTime until the transaction commits. */
@WireSchema("CommitResult")
public record CommitResult(
        @JsonProperty(value = "writeId", required = true) String writeId,
        @JsonProperty(value = "commitId", required = true) String commitId,
        @JsonProperty(value = "state", required = true) CommitResultState state,
        @JsonProperty("commitTime") Long commitTime,
        @JsonProperty(value = "namespace", required = true) String namespace,
        @JsonProperty(value = "table", required = true) String table,
        @JsonProperty(value = "deltaType", required = true) CommitResultDeltaType deltaType,
        @JsonProperty(value = "fileCount", required = true) Long fileCount,
        @JsonProperty(value = "rowCount", required = true) Long rowCount,
        @JsonProperty(value = "tableCreated", required = true) Boolean tableCreated) {
}
