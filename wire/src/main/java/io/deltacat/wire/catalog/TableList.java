package io.deltacat.wire.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code TableList}. */
@WireSchema("TableList")
public record TableList(
        @JsonProperty(value = "tables", required = true) List<Table> tables) {
}
