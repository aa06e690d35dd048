package io.deltacat.wire.dispatch;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code SendCommandsRequest}. */
@WireSchema("SendCommandsRequest")
public record SendCommandsRequest(
        @JsonProperty(value = "commands", required = true) List<String> commands,
        @JsonProperty(value = "target", required = true) SendCommandsRequestTarget target) {
}
