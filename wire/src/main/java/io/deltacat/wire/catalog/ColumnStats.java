package io.deltacat.wire.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.wire.WireSchema;

/** {@code ColumnStats}: Canonical min/max (integers, numbers, strings, booleans; dates as epoch days; timestamps in the column's unit; decimals as strings). */
@WireSchema("ColumnStats")
public record ColumnStats(
        @JsonProperty("min") JsonNode min,
        @JsonProperty("max") JsonNode max,
        @JsonProperty(value = "nullCount", required = true) Long nullCount) {
}
