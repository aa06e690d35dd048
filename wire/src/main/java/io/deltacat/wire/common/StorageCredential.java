package io.deltacat.wire.common;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.Map;

/** {@code StorageCredential}: Storage access scoped to a path prefix; the longest matching prefix wins. Providers: s3 (temporary. */
@WireSchema("StorageCredential")
public record StorageCredential(
        @JsonProperty(value = "prefix", required = true) String prefix,
        @JsonProperty(value = "provider", required = true) String provider,
        @JsonProperty(value = "properties", required = true) Map<String, String> properties,
        @JsonProperty("expiresAt") Long expiresAt) {
}
