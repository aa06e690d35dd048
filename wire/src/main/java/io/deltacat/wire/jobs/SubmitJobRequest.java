package io.deltacat.wire.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;
import java.util.Map;

/** {@code SubmitJobRequest}. */
@WireSchema("SubmitJobRequest")
public record SubmitJobRequest(
        @JsonProperty(value = "type", required = true) String type,
        @JsonProperty("context") Map<String, String> context,
        @JsonProperty("workerTags") List<String> workerTags,
        @JsonProperty("maxAttempts") Integer maxAttempts,
        @JsonProperty("leaseMillis") Integer leaseMillis) {
}
