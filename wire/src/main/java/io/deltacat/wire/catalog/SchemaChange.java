package io.deltacat.wire.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code SchemaChange}: One schema change: {"op":"addField","field":ArrowField,"default":literal?} (nullable, or with. */
@WireSchema("SchemaChange")
public record SchemaChange(
        @JsonProperty(value = "op", required = true) SchemaChangeOp op,
        @JsonProperty("field") JsonNode field,
        @JsonProperty("default") JsonNode defaultValue,
        @JsonProperty("name") String name,
        @JsonProperty("newName") String newName,
        @JsonProperty("type") JsonNode type,
        @JsonProperty("fields") List<String> fields) {
}
