package io.deltacat.wire.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code RenameTableRequest}: the table's new name in its namespace. */
@WireSchema("RenameTableRequest")
public record RenameTableRequest(
        @JsonProperty(value = "newName", required = true) String newName) {
}
