package io.deltacat.wire.auth;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** Values of {@code NamespaceRole} on the wire (open: clients tolerate values they do not know). */
@WireSchema("NamespaceRole")
public enum NamespaceRole {
    @JsonProperty("owner") OWNER,
    @JsonProperty("writer") WRITER,
    @JsonProperty("reader") READER,
    /** A value this side does not know (a newer peer); never sent. */
    @JsonEnumDefaultValue UNKNOWN;

    /** The name on the wire. */
    public String wire() {
        return io.deltacat.wire.WireJson.wireName(this);
    }

    /** The constant of a wire name; {@code UNKNOWN} (or an exception for a closed set) otherwise. */
    public static NamespaceRole of(String wire) {
        return io.deltacat.wire.WireJson.enumOf(NamespaceRole.class, wire);
    }
}
