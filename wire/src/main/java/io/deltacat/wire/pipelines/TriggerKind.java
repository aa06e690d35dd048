package io.deltacat.wire.pipelines;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** Values of {@code Trigger.kind} on the wire (open: clients tolerate values they do not know). */
@WireSchema("Trigger.kind")
public enum TriggerKind {
    @JsonProperty("event") EVENT,
    @JsonProperty("schedule") SCHEDULE,
    /** A value this side does not know (a newer peer); never sent. */
    @JsonEnumDefaultValue UNKNOWN;

    /** The name on the wire. */
    public String wire() {
        return io.deltacat.wire.WireJson.wireName(this);
    }

    /** The constant of a wire name; {@code UNKNOWN} (or an exception for a closed set) otherwise. */
    public static TriggerKind of(String wire) {
        return io.deltacat.wire.WireJson.enumOf(TriggerKind.class, wire);
    }
}
