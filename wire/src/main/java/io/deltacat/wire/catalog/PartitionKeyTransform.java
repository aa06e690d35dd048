package io.deltacat.wire.catalog;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** Values of {@code PartitionKey.transform} on the wire (open: clients tolerate values they do not know). */
@WireSchema("PartitionKey.transform")
public enum PartitionKeyTransform {
    @JsonProperty("identity") IDENTITY,
    @JsonProperty("bucket") BUCKET,
    @JsonProperty("truncate") TRUNCATE,
    @JsonProperty("year") YEAR,
    @JsonProperty("month") MONTH,
    @JsonProperty("day") DAY,
    @JsonProperty("hour") HOUR,
    /** A value this side does not know (a newer peer); never sent. */
    @JsonEnumDefaultValue UNKNOWN;

    /** The name on the wire. */
    public String wire() {
        return io.deltacat.wire.WireJson.wireName(this);
    }

    /** The constant of a wire name; {@code UNKNOWN} (or an exception for a closed set) otherwise. */
    public static PartitionKeyTransform of(String wire) {
        return io.deltacat.wire.WireJson.enumOf(PartitionKeyTransform.class, wire);
    }
}
