package io.deltacat.wire.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code ClaimedJobList}. */
@WireSchema("ClaimedJobList")
public record ClaimedJobList(
        @JsonProperty(value = "claims", required = true) List<ClaimedJob> claims) {
}
