package io.deltacat.wire.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import io.deltacat.wire.common.Problem;

/** {@code JobEndOutcome}: Either job (it ended; for a retryable failure it is pending again) or problem (refused, nothing changed). */
@WireSchema("JobEndOutcome")
public record JobEndOutcome(
        @JsonProperty(value = "jobId", required = true) String jobId,
        @JsonProperty(value = "fencingToken", required = true) Long fencingToken,
        @JsonProperty("job") Job job,
        @JsonProperty("problem") Problem problem) {
}
