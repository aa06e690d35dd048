package io.deltacat.server.internal.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.model.ColumnStats;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * JSON kept in metadata columns (properties, tags, schemas, stored answers, maps and lists of
 * strings): one encoding shared by every service, so a column written by one reads the same in
 * another. Wire JSON (request and response bodies) is the http layer's. The static methods treat
 * unreadable JSON as corruption of the catalog's tables (the server wrote it); an owner for whom it
 * means something else (a bad value a caller sent) makes an instance with its own rule.
 */
public final class StoredJson {
    /** The mapper for stored JSON (trees only); as strict as the one for requests. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final StoredJson CATALOG = new StoredJson(MAPPER,
            e -> new IllegalStateException("corrupt JSON in the metadata database", e));

    private final ObjectMapper json;
    private final Function<JsonProcessingException, RuntimeException> malformed;


    /**
     * @param malformed what unreadable JSON means to the owner: corruption of its tables, or a bad
     *                  value a caller sent
     */
    public StoredJson(ObjectMapper json, Function<JsonProcessingException, RuntimeException> malformed) {
        this.json = json;
        this.malformed = malformed;
    }

    /** An object of strings in the map's order; {@code {}} for null. */
    public String object(Map<String, String> map) {
        ObjectNode n = json.createObjectNode();
        if (map != null) {
            map.forEach(n::put);
        }
        return n.toString();
    }

    /** An object of strings with sorted keys; {@code {}} for null. */
    public String sortedObject(Map<String, String> map) {
        return object(map == null ? null : new TreeMap<>(map));
    }

    /** An array of strings in order. */
    public String array(Collection<String> values) {
        ArrayNode n = json.createArrayNode();
        values.forEach(n::add);
        return n.toString();
    }

    /** An object's fields as strings, in order. */
    public Map<String, String> stringMap(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        tree(s).properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** Parses {@code s}; malformed JSON is the owner's error (see the constructor). */
    public JsonNode tree(String s) {
        try {
            return json.readTree(Objects.requireNonNull(s));
        } catch (JsonProcessingException e) {
            throw malformed.apply(e);
        }
    }

    public ObjectNode newObject() {
        return json.createObjectNode();
    }

    public ArrayNode newArray() {
        return json.createArrayNode();
    }

    // ---------------------------------------------------------------- the catalog's columns

    /** A string map as a JSON object, in the map's order. */
    public static String writeMap(Map<String, String> map) {
        return CATALOG.object(map);
    }

    /** A JSON object of strings as a map, in stored order. */
    public static Map<String, String> readMap(String s) {
        return CATALOG.stringMap(s);
    }

    public static JsonNode readTree(String s) {
        return CATALOG.tree(s);
    }

    /** A file's column statistics as stored with it (and answered in plans), in column order. */
    public static ObjectNode columnStats(Map<String, ColumnStats> stats) {
        ObjectNode columns = MAPPER.createObjectNode();
        stats.forEach((column, s) -> columns.set(column, MAPPER.valueToTree(s.toWire())));
        return columns;
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

    /** A JSON scalar (a field's {@code deltacat.default}) as a plain Java value, for {@code SchemaAdapter}. */
    public static Object parseScalar(String json) {
        return plain(readTree(json));
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
