package io.deltacat.server.internal.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * JSON kept in metadata columns (properties, tags, schemas, stored answers). What the database holds
 * was written by the server, so a value that does not parse is corruption, not a client error.
 */
public final class StoredJson {
    /** The mapper for stored JSON (trees only); as strict as the one for requests. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private StoredJson() {
    }

    /** A string map as a JSON object, in the map's order. */
    public static String writeMap(Map<String, String> map) {
        ObjectNode n = MAPPER.createObjectNode();
        if (map != null) {
            map.forEach(n::put);
        }
        return n.toString();
    }

    /** A JSON object of strings as a map, in stored order. */
    public static Map<String, String> readMap(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        readTree(s).properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** Strings as a JSON array. */
    public static String writeArray(Collection<String> values) {
        ArrayNode n = MAPPER.createArrayNode();
        values.forEach(n::add);
        return n.toString();
    }

    public static JsonNode readTree(String s) {
        try {
            return MAPPER.readTree(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON in the metadata database", e);
        }
    }

    /** {@link #readTree} of a nullable column: null stays null. */
    public static JsonNode readTreeOrNull(String s) {
        return s == null ? null : readTree(s);
    }

    /** An Arrow schema stored as its JSON. */
    public static Schema readSchema(String s) {
        try {
            return Schema.fromJSON(s);
        } catch (IOException e) {
            throw new IllegalStateException("corrupt schema in the metadata database", e);
        }
    }

    /** A JSON value as a plain Java value ({@link Map}, {@link List}, String, Long, Double, ...). */
    public static Object plain(JsonNode n) {
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
        if (n.isBigDecimal()) {
            return n.decimalValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>();
            n.forEach(e -> out.add(plain(e)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        n.properties().forEach(e -> out.put(e.getKey(), plain(e.getValue())));
        return out;
    }
}
