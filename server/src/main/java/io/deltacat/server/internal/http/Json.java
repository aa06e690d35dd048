package io.deltacat.server.internal.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.ProblemType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.deltacat.wire.WireException;
import io.deltacat.wire.WireJson;
import io.deltacat.wire.common.EmptyRequest;
import io.deltacat.wire.common.Problem;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * JSON on the wire, with the tree model only (no reflective binding): the shared mapper, strict
 * request-object readers that name the field at fault, and problem bodies.
 */
public final class Json {
    /** Strict: duplicate keys and trailing content are errors. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    static byte[] problem(ProblemType type, int status, String title, String detail) {
        return WireJson.write(new Problem(type.uri(), title, status, detail, null));
    }

    /**
     * Binds a request body to its wire type ({@code io.deltacat.wire}), strictly: unknown fields, wrong
     * types, absent required fields and unknown enum values are 400 naming the field.
     */
    static <T> T read(byte[] body, Class<T> type) {
        try {
            return WireJson.readStrict(body, type);
        } catch (WireException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }

    /** Like {@link #read}, for an operation whose body may be left out (an {@code EmptyRequest}). */
    static void readEmpty(byte[] body) {
        if (body.length > 0) {
            read(body, EmptyRequest.class);
        }
    }

    /** A number field at least {@code min} (the document's {@code minimum}), or null when absent. */
    static Long atLeast(Long value, long min, String field, String what) {
        if (value != null && value < min) {
            throw new InvalidRequestException("field '" + field + "' in " + what + " must be >= " + min + ", got "
                    + value);
        }
        return value;
    }

    /** Parses a request body that must be one JSON object of schema {@code what}. */
    static Obj parse(byte[] body, String what, Set<String> allowed) {
        if (body.length == 0) {
            throw new InvalidRequestException("a JSON " + what + " body is required");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("malformed JSON in the " + what + " body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRequestException("unreadable " + what + " body: " + e.getMessage());
        }
        return Obj.of(node, what, allowed);
    }

    /** Reads one request object; every accessor names the field and the expected type on failure. */
    static final class Obj {
        private final ObjectNode node;
        private final String what;

        private Obj(ObjectNode node, String what) {
            this.node = node;
            this.what = what;
        }

        static Obj of(JsonNode node, String what, Set<String> allowed) {
            if (node == null || !node.isObject()) {
                throw new InvalidRequestException(what + " must be a JSON object");
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!allowed.contains(f)) {
                    throw new InvalidRequestException("unknown field '" + f + "' in " + what + "; allowed: "
                            + String.join(", ", new java.util.TreeSet<>(allowed)));
                }
            }
            return new Obj((ObjectNode) node, what);
        }

        private JsonNode required(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                throw new InvalidRequestException("missing required field '" + field + "' in " + what);
            }
            return v;
        }

        private JsonNode optional(String field) {
            JsonNode v = node.get(field);
            return v == null || v.isNull() ? null : v;
        }

        private InvalidRequestException wrongType(String field, String expected, JsonNode v) {
            return new InvalidRequestException("field '" + field + "' in " + what + " must be " + expected
                    + ", got " + v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }

        String string(String field) {
            JsonNode v = required(field);
            if (!v.isTextual()) {
                throw wrongType(field, "a string", v);
            }
            return v.textValue();
        }

        String string(String field, String dflt) {
            return optional(field) == null ? dflt : string(field);
        }

        boolean bool(String field, boolean dflt) {
            JsonNode v = optional(field);
            if (v == null) {
                return dflt;
            }
            if (!v.isBoolean()) {
                throw wrongType(field, "a boolean", v);
            }
            return v.booleanValue();
        }

        long integer(String field, long min) {
            JsonNode v = required(field);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw wrongType(field, "an integer", v);
            }
            if (v.longValue() < min) {
                throw new InvalidRequestException("field '" + field + "' in " + what + " must be >= " + min
                        + ", got " + v.longValue());
            }
            return v.longValue();
        }

        Long integerOrNull(String field, long min) {
            return optional(field) == null ? null : integer(field, min);
        }

        Map<String, String> properties(String field) {
            JsonNode v = optional(field);
            Map<String, String> out = new LinkedHashMap<>();
            if (v == null) {
                return out;
            }
            if (!v.isObject()) {
                throw wrongType(field, "an object of strings", v);
            }
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                if (!e.getValue().isTextual()) {
                    throw new InvalidRequestException("property '" + e.getKey() + "' of '" + field + "' in " + what
                            + " must be a string");
                }
                out.put(e.getKey(), e.getValue().textValue());
            }
            return out;
        }

        List<String> stringsOrNull(String field) {
            JsonNode v = optional(field);
            if (v == null) {
                return null;
            }
            if (!v.isArray()) {
                throw wrongType(field, "an array of strings", v);
            }
            List<String> out = new ArrayList<>();
            for (JsonNode e : v) {
                if (!e.isTextual()) {
                    throw new InvalidRequestException("field '" + field + "' in " + what + " must hold only strings");
                }
                out.add(e.textValue());
            }
            return out;
        }

        ArrayNode arrayOrNull(String field) {
            JsonNode v = optional(field);
            if (v == null) {
                return null;
            }
            return array(field);
        }

        /** The field's value as it is, or null when absent or null. */
        JsonNode nodeOrNull(String field) {
            return optional(field);
        }

        ArrayNode array(String field) {
            JsonNode v = required(field);
            if (!v.isArray()) {
                throw wrongType(field, "an array", v);
            }
            return (ArrayNode) v;
        }

        ObjectNode objectOrNull(String field) {
            JsonNode v = optional(field);
            if (v == null) {
                return null;
            }
            if (!v.isObject()) {
                throw wrongType(field, "an object", v);
            }
            return (ObjectNode) v;
        }

        /** An Arrow schema in Arrow's JSON form. */
        Schema schema(String field) {
            JsonNode v = required(field);
            if (!v.isObject() || !v.has("fields") || !v.get("fields").isArray()) {
                throw new InvalidRequestException("field '" + field + "' in " + what
                        + " must be an Arrow schema object with a 'fields' array");
            }
            ArrowTypeChecks.checkSchema(v, "field '" + field + "' in " + what);
            try {
                return Schema.fromJSON(v.toString());
            } catch (IOException | RuntimeException e) {
                String msg = e instanceof JsonProcessingException
                        ? ((JsonProcessingException) e).getOriginalMessage() : e.getMessage();
                throw new InvalidRequestException("field '" + field + "' in " + what + " is not a valid Arrow schema: "
                        + msg);
            }
        }
    }

    /** One Arrow field from its JSON form (as in a schema's {@code fields}). */
    static org.apache.arrow.vector.types.pojo.Field field(JsonNode n, String what) {
        if (n == null || !n.isObject()) {
            throw new InvalidRequestException(what + " must be an Arrow field object");
        }
        ArrowTypeChecks.checkField(n, what);
        ObjectNode schema = MAPPER.createObjectNode();
        schema.putArray("fields").add(n);
        try {
            return Schema.fromJSON(schema.toString()).getFields().get(0);
        } catch (IOException | RuntimeException e) {
            String msg = e instanceof JsonProcessingException
                    ? ((JsonProcessingException) e).getOriginalMessage() : e.getMessage();
            throw new InvalidRequestException(what + " is not a valid Arrow field: " + msg);
        }
    }

    /** An Arrow schema as a JSON tree, for embedding in a response. */
    static JsonNode schema(Schema schema) {
        try {
            return MAPPER.readTree(schema.toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Arrow wrote a schema Jackson cannot read", e);
        }
    }
}
