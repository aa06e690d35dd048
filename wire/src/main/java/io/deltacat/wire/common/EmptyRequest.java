package io.deltacat.wire.common;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code EmptyRequest}: The body of an operation that takes no input; may be sent as {} or left out. */
@WireSchema("EmptyRequest")
public record EmptyRequest(
) {
}
