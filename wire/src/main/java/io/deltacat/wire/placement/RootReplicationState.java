package io.deltacat.wire.placement;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** Values of {@code RootReplication.state} on the wire (open: clients tolerate values they do not know). */
@WireSchema("RootReplication.state")
public enum RootReplicationState {
    @JsonProperty("backfilling") BACKFILLING,
    @JsonProperty("in_sync") IN_SYNC,
    @JsonProperty("lagging") LAGGING,
    @JsonProperty("paused") PAUSED,
    @JsonProperty("failed") FAILED,
    /** A value this side does not know (a newer peer); never sent. */
    @JsonEnumDefaultValue UNKNOWN;

    /** The name on the wire. */
    public String wire() {
        return io.deltacat.wire.WireJson.wireName(this);
    }

    /** The constant of a wire name; {@code UNKNOWN} otherwise. */
    public static RootReplicationState of(String wire) {
        return io.deltacat.wire.WireJson.enumOf(RootReplicationState.class, wire);
    }
}
