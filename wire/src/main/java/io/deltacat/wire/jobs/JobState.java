package io.deltacat.wire.jobs;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** Values of {@code JobState} on the wire (open: clients tolerate values they do not know). */
@WireSchema("JobState")
public enum JobState {
    @JsonProperty("pending") PENDING,
    @JsonProperty("claimed") CLAIMED,
    @JsonProperty("running") RUNNING,
    @JsonProperty("succeeded") SUCCEEDED,
    @JsonProperty("failed") FAILED,
    @JsonProperty("cancelled") CANCELLED,
    /** A value this side does not know (a newer peer); never sent. */
    @JsonEnumDefaultValue UNKNOWN;

    /** The name on the wire. */
    public String wire() {
        return io.deltacat.wire.WireJson.wireName(this);
    }

    /** The constant of a wire name; {@code UNKNOWN} (or an exception for a closed set) otherwise. */
    public static JobState of(String wire) {
        return io.deltacat.wire.WireJson.enumOf(JobState.class, wire);
    }
}
