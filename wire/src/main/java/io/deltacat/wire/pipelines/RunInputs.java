package io.deltacat.wire.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code RunInputs}. */
@WireSchema("RunInputs")
public record RunInputs(
        @JsonProperty(value = "jobId", required = true) String jobId,
        @JsonProperty(value = "nodeId", required = true) String nodeId,
        @JsonProperty(value = "mode", required = true) NodeMode mode,
        @JsonProperty(value = "inputs", required = true) List<RunInput> inputs) {
}
