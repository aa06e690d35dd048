package io.deltacat.wire.common;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;
import java.util.Map;

/** {@code ServerConfig}. */
@WireSchema("ServerConfig")
public record ServerConfig(
        @JsonProperty(value = "apiVersion", required = true) String apiVersion,
        @JsonProperty(value = "serverVersion", required = true) String serverVersion,
        @JsonProperty(value = "minimumClientVersion", required = true) String minimumClientVersion,
        @JsonProperty(value = "capabilities", required = true) List<String> capabilities,
        @JsonProperty(value = "endpoints", required = true) List<String> endpoints,
        @JsonProperty(value = "defaults", required = true) Map<String, String> defaults,
        @JsonProperty(value = "roots", required = true) List<DataRoot> roots) {
}
