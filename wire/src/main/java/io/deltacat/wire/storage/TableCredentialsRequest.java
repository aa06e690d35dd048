package io.deltacat.wire.storage;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code TableCredentialsRequest}. */
@WireSchema("TableCredentialsRequest")
public record TableCredentialsRequest(
        @JsonProperty(value = "uris", required = true) List<String> uris) {
}
