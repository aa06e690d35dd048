package io.deltacat.wire.dispatch;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.Map;

/** {@code DispatchAccess}. */
@WireSchema("DispatchAccess")
public record DispatchAccess(
        @JsonProperty(value = "jobId", required = true) String jobId,
        @JsonProperty(value = "mode", required = true) String mode,
        @JsonProperty(value = "provider", required = true) String provider,
        @JsonProperty(value = "dashboardUrl", required = true) String dashboardUrl,
        @JsonProperty(value = "details", required = true) Map<String, String> details) {
}
