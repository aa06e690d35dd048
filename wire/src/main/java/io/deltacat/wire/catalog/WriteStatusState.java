package io.deltacat.wire.catalog;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** Values of {@code WriteStatus.state} on the wire (open: clients tolerate values they do not know). */
@WireSchema("WriteStatus.state")
public enum WriteStatusState {
    @JsonProperty("open") OPEN,
    @JsonProperty("prepared") PREPARED,
    @JsonProperty("committed") COMMITTED,
    @JsonProperty("aborted") ABORTED,
    @JsonProperty("expired") EXPIRED,
    /** A value this side does not know (a newer peer); never sent. */
    @JsonEnumDefaultValue UNKNOWN;

    /** The name on the wire. */
    public String wire() {
        return io.deltacat.wire.WireJson.wireName(this);
    }

    /** The constant of a wire name; {@code UNKNOWN} (or an exception for a closed set) otherwise. */
    public static WriteStatusState of(String wire) {
        return io.deltacat.wire.WireJson.enumOf(WriteStatusState.class, wire);
    }
}
