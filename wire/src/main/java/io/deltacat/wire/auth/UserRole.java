package io.deltacat.wire.auth;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** Values of {@code UserRole} on the wire (open: clients tolerate values they do not know). */
@WireSchema("UserRole")
public enum UserRole {
    @JsonProperty("admin") ADMIN,
    @JsonProperty("worker") WORKER,
    @JsonProperty("user") USER,
    /** A value this side does not know (a newer peer); never sent. */
    @JsonEnumDefaultValue UNKNOWN;

    /** The name on the wire. */
    public String wire() {
        return io.deltacat.wire.WireJson.wireName(this);
    }

    /** The constant of a wire name; {@code UNKNOWN} (or an exception for a closed set) otherwise. */
    public static UserRole of(String wire) {
        return io.deltacat.wire.WireJson.enumOf(UserRole.class, wire);
    }
}
