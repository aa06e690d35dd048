package io.deltacat.wire.placement;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code RootReplication}. */
@WireSchema("RootReplication")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RootReplication(
        @JsonProperty(value = "root", required = true) String root,
        @JsonProperty(value = "state", required = true) RootReplicationState state,
        @JsonProperty(value = "placedAt", required = true) Long placedAt,
        @JsonProperty(value = "backfill", required = true) Boolean backfill,
        @JsonProperty("lastReplicatedCommitTime") Long lastReplicatedCommitTime,
        @JsonProperty(value = "commitsBehind", required = true) Long commitsBehind,
        @JsonProperty(value = "bytesBehind", required = true) Long bytesBehind,
        @JsonProperty("lastError") String lastError,
        @JsonProperty("deleteAfter") Long deleteAfter) {
}
