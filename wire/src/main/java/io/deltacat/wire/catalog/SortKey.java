package io.deltacat.wire.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code SortKey}. */
@WireSchema("SortKey")
public record SortKey(
        @JsonProperty(value = "column", required = true) String column,
        @JsonProperty("order") SortKeyOrder order,
        @JsonProperty("nulls") SortKeyNulls nulls) {
}
