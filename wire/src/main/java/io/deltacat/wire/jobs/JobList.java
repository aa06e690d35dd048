package io.deltacat.wire.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code JobList}. */
@WireSchema("JobList")
public record JobList(
        @JsonProperty(value = "jobs", required = true) List<Job> jobs,
        @JsonProperty("nextPageToken") String nextPageToken) {
}
