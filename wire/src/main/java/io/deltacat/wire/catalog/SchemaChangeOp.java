package io.deltacat.wire.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** Values of {@code SchemaChange.op} on the wire. */
@WireSchema("SchemaChange.op")
public enum SchemaChangeOp {
    @JsonProperty("addField") ADD_FIELD,
    @JsonProperty("renameField") RENAME_FIELD,
    @JsonProperty("widenField") WIDEN_FIELD,
    @JsonProperty("dropField") DROP_FIELD,
    @JsonProperty("setMergeKeys") SET_MERGE_KEYS;

    /** The name on the wire. */
    public String wire() {
        return io.deltacat.wire.WireJson.wireName(this);
    }

    /** The constant of a wire name; {@code UNKNOWN} (or an exception for a closed set) otherwise. */
    public static SchemaChangeOp of(String wire) {
        return io.deltacat.wire.WireJson.enumOf(SchemaChangeOp.class, wire);
    }
}
