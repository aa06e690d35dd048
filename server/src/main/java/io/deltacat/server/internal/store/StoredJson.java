package io.deltacat.server.internal.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * JSON kept in metadata columns (maps and lists of strings, trees): one encoding shared by the job and
 * pipeline tables, so a column written by one service reads the same in another. Wire JSON (request
 * and response bodies) is the http layer's.
 */
public final class StoredJson {
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
}
