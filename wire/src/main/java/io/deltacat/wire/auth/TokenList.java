package io.deltacat.wire.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code TokenList}. */
@WireSchema("TokenList")
public record TokenList(
        @JsonProperty(value = "tokens", required = true) List<Token> tokens) {
}
