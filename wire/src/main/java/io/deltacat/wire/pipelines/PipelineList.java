package io.deltacat.wire.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code PipelineList}. */
@WireSchema("PipelineList")
public record PipelineList(
        @JsonProperty(value = "pipelines", required = true) List<Pipeline> pipelines) {
}
