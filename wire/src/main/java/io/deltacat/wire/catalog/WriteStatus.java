package io.deltacat.wire.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code WriteStatus}. */
@WireSchema("WriteStatus")
public record WriteStatus(
        @JsonProperty(value = "writeId", required = true) String writeId,
        @JsonProperty(value = "state", required = true) WriteStatusState state,
        @JsonProperty(value = "namespace", required = true) String namespace,
        @JsonProperty(value = "table", required = true) String table,
        @JsonProperty("commitId") String commitId,
        @JsonProperty("commitTime") Long commitTime) {
}
