package io.deltacat.wire.dispatch;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code CommandsSent}. */
@WireSchema("CommandsSent")
public record CommandsSent(
        @JsonProperty(value = "commandId", required = true) String commandId,
        @JsonProperty(value = "instanceIds", required = true) List<String> instanceIds) {
}
