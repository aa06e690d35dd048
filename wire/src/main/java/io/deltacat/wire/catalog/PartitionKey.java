package io.deltacat.wire.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code PartitionKey}: A partition key (DeltaCAT / Iceberg semantics) on a top-level column: identity; bucket. */
@WireSchema("PartitionKey")
public record PartitionKey(
        @JsonProperty(value = "column", required = true) String column,
        @JsonProperty(value = "transform", required = true) PartitionKeyTransform transform,
        @JsonProperty("parameter") Integer parameter) {
}
