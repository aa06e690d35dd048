package io.deltacat.wire.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code GrantList}. */
@WireSchema("GrantList")
public record GrantList(
        @JsonProperty(value = "grants", required = true) List<Grant> grants) {
}
