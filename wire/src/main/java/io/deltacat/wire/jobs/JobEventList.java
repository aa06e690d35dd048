package io.deltacat.wire.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code JobEventList}. */
@WireSchema("JobEventList")
public record JobEventList(
        @JsonProperty(value = "events", required = true) List<JobEvent> events) {
}
