package io.deltacat.wire.storage;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** Values of {@code UploadRequest.step} on the wire. */
@WireSchema("UploadRequest.step")
public enum UploadRequestStep {
    @JsonProperty("put") PUT,
    @JsonProperty("start") START,
    @JsonProperty("part") PART,
    @JsonProperty("complete") COMPLETE,
    @JsonProperty("abort") ABORT,
    @JsonProperty("get") GET;

    /** The name on the wire. */
    public String wire() {
        return io.deltacat.wire.WireJson.wireName(this);
    }

    /** The constant of a wire name; {@code UNKNOWN} (or an exception for a closed set) otherwise. */
    public static UploadRequestStep of(String wire) {
        return io.deltacat.wire.WireJson.enumOf(UploadRequestStep.class, wire);
    }
}
