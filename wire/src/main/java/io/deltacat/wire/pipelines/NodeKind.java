package io.deltacat.wire.pipelines;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** Values of {@code NodeKind} on the wire (open: clients tolerate values they do not know). */
@WireSchema("NodeKind")
public enum NodeKind {
    @JsonProperty("subscription") SUBSCRIPTION,
    @JsonProperty("transform") TRANSFORM,
    @JsonProperty("publication") PUBLICATION,
    /** A value this side does not know (a newer peer); never sent. */
    @JsonEnumDefaultValue UNKNOWN;

    /** The name on the wire. */
    public String wire() {
        return io.deltacat.wire.WireJson.wireName(this);
    }

    /** The constant of a wire name; {@code UNKNOWN} (or an exception for a closed set) otherwise. */
    public static NodeKind of(String wire) {
        return io.deltacat.wire.WireJson.enumOf(NodeKind.class, wire);
    }
}
