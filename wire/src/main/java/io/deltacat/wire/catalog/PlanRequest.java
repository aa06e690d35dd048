package io.deltacat.wire.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code PlanRequest}. */
@WireSchema("PlanRequest")
public record PlanRequest(
        @JsonProperty("columns") List<String> columns,
        @JsonProperty("filter") JsonNode filter,
        @JsonProperty("limit") Long limit,
        @JsonProperty("asOf") Long asOf,
        @JsonProperty("root") String root) {
}
