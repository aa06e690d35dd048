package io.deltacat.client.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.ServerException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON trees for the routes still mapped by hand (jobs, nodes, pipelines: see {@link PipelineJson});
 * the catalog, storage, transaction and auth routes are bound to the wire types instead (see
 * {@link CatalogWire}). Unknown fields are ignored.
 */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, false);

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize request", e);
        }
    }

    static JsonNode parse(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ServerException("server sent malformed JSON: " + e.getMessage(), e);
        }
    }

    static ObjectNode properties(Map<String, String> props) {
        ObjectNode n = object();
        props.forEach(n::put);
        return n;
    }

    static Map<String, String> properties(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    /**
     * A JSON scalar (a field's {@code deltacat.default}) as a plain value: Long, Double, Boolean or
     * String, for {@link io.deltacat.io.spi.SchemaAdapter}.
     */
    static Object parseScalar(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n.isIntegralNumber()) {
                return n.asLong();
            }
            if (n.isNumber()) {
                return n.asDouble();
            }
            if (n.isBoolean()) {
                return n.asBoolean();
            }
            return n.asText();
        } catch (IOException e) {
            throw new ServerException("unreadable JSON value " + json + ": " + e.getMessage(), e);
        }
    }
}
