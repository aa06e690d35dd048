package io.deltacat.wire.placement;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code PlaceRequest}. */
@WireSchema("PlaceRequest")
public record PlaceRequest(
        @JsonProperty(value = "roots", required = true) List<String> roots,
        @JsonProperty("backfill") Boolean backfill) {
}
