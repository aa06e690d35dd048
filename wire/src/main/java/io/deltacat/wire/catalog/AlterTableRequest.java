package io.deltacat.wire.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;
import java.util.Map;

/** {@code AlterTableRequest}. */
@WireSchema("AlterTableRequest")
public record AlterTableRequest(
        @JsonProperty("changes") List<SchemaChange> changes,
        @JsonProperty("properties") Map<String, String> properties) {
}
