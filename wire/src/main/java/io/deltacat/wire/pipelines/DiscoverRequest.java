package io.deltacat.wire.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code DiscoverRequest}. */
@WireSchema("DiscoverRequest")
public record DiscoverRequest(
        @JsonProperty(value = "seedNodeIds", required = true) List<String> seedNodeIds) {
}
