package io.deltacat.wire.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code FailJobRequest}. */
@WireSchema("FailJobRequest")
public record FailJobRequest(
        @JsonProperty(value = "fencingToken", required = true) Long fencingToken,
        @JsonProperty(value = "error", required = true) String error,
        @JsonProperty("retryable") Boolean retryable) {
}
