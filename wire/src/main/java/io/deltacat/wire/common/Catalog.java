package io.deltacat.wire.common;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code Catalog}. */
@WireSchema("Catalog")
public record Catalog(
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty(value = "roots", required = true) List<DataRoot> roots) {
}
