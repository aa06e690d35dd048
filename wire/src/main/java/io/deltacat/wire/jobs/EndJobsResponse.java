package io.deltacat.wire.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code EndJobsResponse}. */
@WireSchema("EndJobsResponse")
public record EndJobsResponse(
        @JsonProperty(value = "ended", required = true) List<JobEndOutcome> ended,
        @JsonProperty(value = "claims", required = true) List<ClaimedJob> claims) {
}
