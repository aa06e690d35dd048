package io.deltacat.wire.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code SubmitJobsRequest}. */
@WireSchema("SubmitJobsRequest")
public record SubmitJobsRequest(
        @JsonProperty(value = "jobs", required = true) List<SubmitJobRequest> jobs) {
}
