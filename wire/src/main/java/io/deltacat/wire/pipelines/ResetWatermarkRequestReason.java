package io.deltacat.wire.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** Values of {@code ResetWatermarkRequest.reason} on the wire. */
@WireSchema("ResetWatermarkRequest.reason")
public enum ResetWatermarkRequestReason {
    @JsonProperty("redrive") REDRIVE,
    @JsonProperty("rollback") ROLLBACK;

    /** The name on the wire. */
    public String wire() {
        return io.deltacat.wire.WireJson.wireName(this);
    }

    /** The constant of a wire name; {@code UNKNOWN} (or an exception for a closed set) otherwise. */
    public static ResetWatermarkRequestReason of(String wire) {
        return io.deltacat.wire.WireJson.enumOf(ResetWatermarkRequestReason.class, wire);
    }
}
