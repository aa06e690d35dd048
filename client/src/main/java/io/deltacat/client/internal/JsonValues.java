package io.deltacat.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Free-form JSON values of the job API (event metadata, watermarks) between plain Java values and
 * JSON trees. Only the JSON kinds are accepted on the way out, so that what a caller reads back is
 * what it passed (a bean or a date would otherwise be serialized by reflection, differently from how
 * it reads back).
 */
final class JsonValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Deeper than any sane metadata; stops a self-referencing map before the stack does. */
    private static final int MAX_DEPTH = 100;

    private JsonValues() {
    }

    /** A plain Java value as JSON; {@code null} becomes JSON null. */
    static JsonNode toJson(Object value, String what) {
        return toJson(value, what, 0);
    }

    /** A map of string keys to JSON values as a JSON object; {@code null} is {@code {}}. */
    static ObjectNode object(Map<String, ?> map, String what) {
        ObjectNode n = NODES.objectNode();
        if (map != null) {
            map.forEach((k, v) -> n.set(key(k, what), toJson(v, what + "." + k, 1)));
        }
        return n;
    }

    private static JsonNode toJson(Object value, String what, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException(what + " is nested more than " + MAX_DEPTH + " levels deep");
        }
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof CharSequence s) {
            return NODES.textNode(s.toString());
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof Double d) {
            return finite(d, what);
        }
        if (value instanceof Float f) {
            return finite(f.doubleValue(), what);
        }
        if (value instanceof BigInteger i) {
            return NODES.numberNode(i);
        }
        if (value instanceof BigDecimal d) {
            return NODES.numberNode(d);
        }
        if (value instanceof Map<?, ?> m) {
            ObjectNode n = NODES.objectNode();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = key(e.getKey(), what);
                n.set(k, toJson(e.getValue(), what + "." + k, depth + 1));
            }
            return n;
        }
        if (value instanceof Collection<?> c) {
            ArrayNode a = NODES.arrayNode();
            int i = 0;
            for (Object e : c) {
                a.add(toJson(e, what + "[" + i++ + "]", depth + 1));
            }
            return a;
        }
        if (value instanceof Object[] arr) {
            return toJson(java.util.Arrays.asList(arr), what, depth);
        }
        throw new IllegalArgumentException(what + " must be a JSON value (Map with String keys, List, String, Number,"
                + " Boolean or null), got " + value.getClass().getName());
    }

    private static JsonNode finite(double d, String what) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException(what + " must be a finite number for JSON, got " + d);
        }
        return NODES.numberNode(d);
    }

    private static String key(Object k, String what) {
        if (!(k instanceof String s)) {
            throw new IllegalArgumentException("the keys of " + what + " must be strings, got "
                    + (k == null ? "null" : k.getClass().getName()));
        }
        return s;
    }

    /**
     * JSON as a plain Java value: object -> unmodifiable {@code Map<String, Object>} (in order), array
     * -> unmodifiable {@code List<Object>}, string, boolean, integer -> Long (BigInteger beyond a
     * long), any other number -> Double, null -> null.
     */
    static Object plain(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>(n.size());
            n.forEach(e -> out.add(plain(e)));
            return Collections.unmodifiableList(out);
        }
        if (n.isObject()) {
            return plainMap(n);
        }
        return n.asText();
    }

    /** A JSON object as an unmodifiable map of plain values; empty for anything else. */
    static Map<String, Object> plainMap(JsonNode n) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (n != null && n.isObject()) {
            n.properties().forEach(e -> out.put(e.getKey(), plain(e.getValue())));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * A JSON scalar (a field's {@code deltacat.default}) as a plain value: Long, Double, Boolean or
     * String, for {@link io.deltacat.io.spi.SchemaAdapter}.
     */
    static Object parseScalar(String json) {
        JsonNode n;
        try {
            n = io.deltacat.wire.WireJson.TOLERANT.readTree(json);
        } catch (java.io.IOException e) {
            throw new io.deltacat.api.error.ServerException("unreadable JSON value " + json + ": " + e.getMessage(), e);
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        return n.isNumber() ? (Object) n.asDouble() : n.isBoolean() ? (Object) n.asBoolean() : n.asText();
    }
}
