package io.deltacat.wire.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import io.deltacat.wire.catalog.ReadPlan;

/** {@code RunInput}. */
@WireSchema("RunInput")
public record RunInput(
        @JsonProperty(value = "namespace", required = true) String namespace,
        @JsonProperty(value = "table", required = true) String table,
        @JsonProperty(value = "fromPosition", required = true) Long fromPosition,
        @JsonProperty(value = "toPosition", required = true) Long toPosition,
        @JsonProperty(value = "plan", required = true) ReadPlan plan) {
}
