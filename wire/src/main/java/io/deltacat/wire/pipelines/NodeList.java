package io.deltacat.wire.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code NodeList}. */
@WireSchema("NodeList")
public record NodeList(
        @JsonProperty(value = "nodes", required = true) List<Node> nodes) {
}
