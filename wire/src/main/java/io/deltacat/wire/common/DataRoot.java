package io.deltacat.wire.common;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code DataRoot}. */
@WireSchema("DataRoot")
public record DataRoot(
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty(value = "uri", required = true) String uri,
        @JsonProperty(value = "default", required = true) Boolean isDefault,
        @JsonProperty("storageType") String storageType,
        @JsonProperty("region") String region,
        @JsonProperty("endpoint") String endpoint) {
}
