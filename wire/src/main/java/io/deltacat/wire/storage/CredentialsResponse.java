package io.deltacat.wire.storage;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;
import io.deltacat.wire.common.StorageCredential;

/** {@code CredentialsResponse}. */
@WireSchema("CredentialsResponse")
public record CredentialsResponse(
        @JsonProperty(value = "credentials", required = true) List<StorageCredential> credentials) {
}
