package io.deltacat.api.model;

import java.util.List;
import java.util.Objects;

/**
 * The answer of {@link io.deltacat.api.JobsClient#endAndClaim}: each end's result (completions first,
 * then failures, each in the order given) and the jobs claimed next, oldest first (empty when none
 * was claimable or none was asked for).
 */
public record EndAndClaimResult(List<JobEndResult> ended, List<ClaimedJob> claimed) {
    public EndAndClaimResult {
        ended = List.copyOf(Objects.requireNonNull(ended, "ended"));
        claimed = List.copyOf(Objects.requireNonNull(claimed, "claimed"));
    }
}
