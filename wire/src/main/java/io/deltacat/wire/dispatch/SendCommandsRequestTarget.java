package io.deltacat.wire.dispatch;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** Values of {@code SendCommandsRequest.target} on the wire. */
@WireSchema("SendCommandsRequest.target")
public enum SendCommandsRequestTarget {
    @JsonProperty("head") HEAD,
    @JsonProperty("all") ALL;

    /** The name on the wire. */
    public String wire() {
        return io.deltacat.wire.WireJson.wireName(this);
    }

    /** The constant of a wire name; a {@link io.deltacat.wire.WireException} naming the allowed ones otherwise. */
    public static SendCommandsRequestTarget of(String wire) {
        return io.deltacat.wire.WireJson.enumOf(SendCommandsRequestTarget.class, wire);
    }
}
