package io.deltacat.wire.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.wire.WireSchema;
import java.util.List;
import java.util.Map;

/** {@code Job}. */
@WireSchema("Job")
public record Job(
        @JsonProperty(value = "id", required = true) String id,
        @JsonProperty(value = "type", required = true) String type,
        @JsonProperty(value = "state", required = true) JobState state,
        @JsonProperty(value = "context", required = true) Map<String, String> context,
        @JsonProperty(value = "workerTags", required = true) List<String> workerTags,
        @JsonProperty(value = "attempt", required = true) Integer attempt,
        @JsonProperty(value = "maxAttempts", required = true) Integer maxAttempts,
        @JsonProperty(value = "leaseMillis", required = true) Integer leaseMillis,
        @JsonProperty(value = "fencingToken", required = true) Long fencingToken,
        @JsonProperty("leaseDeadline") Long leaseDeadline,
        @JsonProperty("workerId") String workerId,
        @JsonProperty(value = "createdAt", required = true) Long createdAt,
        @JsonProperty(value = "availableAt", required = true) Long availableAt,
        @JsonProperty("startedAt") Long startedAt,
        @JsonProperty("finishedAt") Long finishedAt,
        @JsonProperty(value = "recordsProcessed", required = true) Long recordsProcessed,
        @JsonProperty("watermark") JsonNode watermark,
        @JsonProperty("error") String error,
        @JsonProperty(value = "updatedAt", required = true) Long updatedAt) {
}
