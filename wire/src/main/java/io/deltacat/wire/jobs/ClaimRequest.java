package io.deltacat.wire.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code ClaimRequest}. */
@WireSchema("ClaimRequest")
public record ClaimRequest(
        @JsonProperty("workerTags") List<String> workerTags,
        @JsonProperty("types") List<String> types,
        @JsonProperty("workerId") String workerId) {
}
