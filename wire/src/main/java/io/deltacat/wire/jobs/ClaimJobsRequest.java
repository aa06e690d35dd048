package io.deltacat.wire.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code ClaimJobsRequest}. */
@WireSchema("ClaimJobsRequest")
public record ClaimJobsRequest(
        @JsonProperty("workerTags") List<String> workerTags,
        @JsonProperty("types") List<String> types,
        @JsonProperty("workerId") String workerId,
        @JsonProperty("maxJobs") Integer maxJobs) {
}
