package io.deltacat.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deltacat.api.error.InvalidRequestException;

/** Column defaults ({@code deltacat.default}, a JSON scalar) as plain values for {@code SchemaAdapter}. */
final class JsonScalars {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonScalars() {
    }

    /** Long, Double or BigDecimal, Boolean, String, or null. */
    static Object parse(String json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new InvalidRequestException("unreadable default value " + json + ": " + e.getMessage());
        }
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? (Object) n.asLong() : n.decimalValue();
        }
        if (n.isNumber()) {
            return n.isBigDecimal() ? n.decimalValue() : (Object) n.asDouble();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isTextual()) {
            return n.asText();
        }
        throw new InvalidRequestException("default value " + json + " is not a JSON scalar");
    }
}
