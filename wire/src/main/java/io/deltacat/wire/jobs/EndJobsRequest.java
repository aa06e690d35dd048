package io.deltacat.wire.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code EndJobsRequest}: At most 1000 ends in all; a job may be ended once per call. */
@WireSchema("EndJobsRequest")
public record EndJobsRequest(
        @JsonProperty("complete") List<JobCompletion> complete,
        @JsonProperty("fail") List<JobFailure> fail,
        @JsonProperty("claimNext") ClaimJobsRequest claimNext) {
}
