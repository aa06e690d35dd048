package io.deltacat.api.model;

import java.util.List;
import java.util.Optional;

/** One page of a job listing; pass {@code nextPageToken} to get the next page. */
public record JobPage(List<Job> jobs, Optional<String> nextPageToken) {
    public JobPage {
        jobs = List.copyOf(jobs);
        java.util.Objects.requireNonNull(nextPageToken, "nextPageToken");
    }
}
