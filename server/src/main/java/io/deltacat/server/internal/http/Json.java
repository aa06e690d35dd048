package io.deltacat.server.internal.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.ProblemType;
import java.io.IOException;
import io.deltacat.wire.WireException;
import io.deltacat.wire.WireJson;
import io.deltacat.wire.common.EmptyRequest;
import io.deltacat.wire.common.Problem;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * JSON on the wire: the shared strict mapper, request bodies bound to their wire types
 * ({@code io.deltacat.wire}, strictly), problem bodies, and Arrow's own JSON for schemas and fields.
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

    /**
     * Like {@link #read}, for an operation whose body may be left out (an {@code EmptyRequest}): no
     * body, or a JSON {@code null} (what generated clients send for an optional body left out).
     */
    static void readEmpty(byte[] body) {
        if (body.length > 0 && !(body.length < 16 && new String(body, java.nio.charset.StandardCharsets.UTF_8)
                .strip().equals("null"))) {
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
