package io.deltacat.wire.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code IssueTokenRequest}. */
@WireSchema("IssueTokenRequest")
public record IssueTokenRequest(
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty("expiresInSeconds") Long expiresInSeconds) {
}
