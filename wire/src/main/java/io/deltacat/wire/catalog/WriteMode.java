package io.deltacat.wire.catalog;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** Values of {@code WriteMode} on the wire (open: clients tolerate values they do not know). */
@WireSchema("WriteMode")
public enum WriteMode {
    @JsonProperty("auto") AUTO,
    @JsonProperty("create") CREATE,
    @JsonProperty("add") ADD,
    @JsonProperty("append") APPEND,
    @JsonProperty("replace") REPLACE,
    @JsonProperty("merge") MERGE,
    @JsonProperty("delete") DELETE,
    /** A value this side does not know (a newer peer); never sent. */
    @JsonEnumDefaultValue UNKNOWN;

    /** The name on the wire. */
    public String wire() {
        return io.deltacat.wire.WireJson.wireName(this);
    }

    /** The constant of a wire name; {@code UNKNOWN} (or an exception for a closed set) otherwise. */
    public static WriteMode of(String wire) {
        return io.deltacat.wire.WireJson.enumOf(WriteMode.class, wire);
    }
}
