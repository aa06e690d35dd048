package io.deltacat.wire;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The two ways the wire types are bound: strict for the server reading requests (unknown fields,
 * duplicate keys, type coercions and unknown enum values are refused, with a message naming the
 * field), tolerant for the client reading answers (fields and enum values of a newer server are
 * ignored or read as {@code UNKNOWN}). Both leave absent (null) fields out when writing.
 */
public final class WireJson {
    /** The server's mapper: strict reader, writes without nulls. */
    public static final ObjectMapper STRICT = strict();
    /** The client's mapper: tolerant reader, writes without nulls. */
    public static final ObjectMapper TOLERANT = tolerant();

    private WireJson() {
    }

    private static ObjectMapper strict() {
        JsonMapper m = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
        // a string where a number or boolean belongs (and the reverse) is a client bug, not a value
        for (LogicalType t : List.of(LogicalType.Textual, LogicalType.Integer, LogicalType.Float, LogicalType.Boolean,
                LogicalType.Enum)) {
            m.coercionConfigFor(t)
                    .setCoercion(CoercionInputShape.Integer, t == LogicalType.Integer || t == LogicalType.Float
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, t == LogicalType.Float ? CoercionAction.TryConvert
                            : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, t == LogicalType.Boolean ? CoercionAction.TryConvert
                            : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, t == LogicalType.Textual || t == LogicalType.Enum
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, t == LogicalType.Textual
                            ? CoercionAction.TryConvert : CoercionAction.Fail);
        }
        return m;
    }

    private static ObjectMapper tolerant() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
    }

    /**
     * Binds a request body to its wire type, strictly.
     *
     * @throws WireException naming the schema and the field at fault: an empty or malformed body, a
     *                       field the schema lacks, a value of the wrong type, a required field absent
     *                       or null, an enum value the schema lacks
     */
    public static <T> T readStrict(byte[] body, Class<T> type) {
        String what = schemaName(type);
        if (body == null || body.length == 0) {
            throw new WireException("a JSON " + what + " body is required");
        }
        T value;
        try {
            value = STRICT.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            TreeSet<String> allowed = new TreeSet<>();
            e.getKnownPropertyIds().forEach(id -> allowed.add(String.valueOf(id)));
            throw new WireException("unknown field '" + e.getPropertyName() + "' in " + where(what, e, true)
                    + "; allowed: " + String.join(", ", allowed));
        } catch (MismatchedInputException e) {
            throw new WireException(mismatch(what, e));
        } catch (JsonProcessingException e) {
            throw new WireException("malformed JSON in the " + what + " body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new WireException("unreadable " + what + " body: " + e.getMessage());
        }
        if (value == null) {
            throw new WireException(what + " must be a JSON object");
        }
        checkRequired(value, what);
        return value;
    }

    /** Binds an answer to its wire type, tolerantly. @throws WireException when it is not JSON of that shape */
    public static <T> T readTolerant(byte[] body, Class<T> type) {
        try {
            T value = TOLERANT.readValue(body, type);
            if (value == null) {
                throw new WireException("expected a " + schemaName(type) + " object, got null");
            }
            return value;
        } catch (IOException e) {
            throw new WireException("not a " + schemaName(type) + ": " + e.getMessage());
        }
    }

    /** A wire value as JSON bytes (absent fields left out). */
    public static byte[] write(Object value) {
        try {
            return TOLERANT.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /** A wire value as a JSON tree, e.g. for embedding in a document of another shape. */
    public static JsonNode tree(Object value) {
        return TOLERANT.valueToTree(value);
    }

    /** A JSON tree bound to a wire type, strictly (nested request parts held as trees). */
    public static <T> T treeToStrict(JsonNode node, Class<T> type) {
        try {
            return readStrict(STRICT.writeValueAsBytes(node), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The name a constant travels by ({@link JsonProperty} on the constant). */
    public static String wireName(Enum<?> constant) {
        try {
            JsonProperty p = constant.getDeclaringClass().getField(constant.name()).getAnnotation(JsonProperty.class);
            return p == null ? constant.name() : p.value();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The constant of a wire name: the {@link JsonEnumDefaultValue} one (UNKNOWN) for a name an open
     * set does not know.
     *
     * @throws WireException for a name a closed set does not know
     */
    public static <E extends Enum<E>> E enumOf(Class<E> type, String wire) {
        E fallback = null;
        for (E c : type.getEnumConstants()) {
            if (isUnknown(c)) {
                fallback = c;
            } else if (wireName(c).equals(wire)) {
                return c;
            }
        }
        if (fallback == null) {
            throw new WireException("unknown " + schemaName(type) + " value '" + wire + "'; allowed: "
                    + String.join(", ", wireNames(type)));
        }
        return fallback;
    }

    /** The names an enum travels by, without its UNKNOWN. */
    public static List<String> wireNames(Class<? extends Enum<?>> type) {
        List<String> out = new ArrayList<>();
        for (Enum<?> c : type.getEnumConstants()) {
            if (!isUnknown(c)) {
                out.add(wireName(c));
            }
        }
        return out;
    }

    /** Whether a constant stands for values this side does not know. */
    public static boolean isUnknown(Enum<?> constant) {
        try {
            return constant.getDeclaringClass().getField(constant.name()).isAnnotationPresent(JsonEnumDefaultValue.class);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    static String schemaName(Class<?> type) {
        WireSchema s = type.getAnnotation(WireSchema.class);
        return s == null ? type.getSimpleName() : s.value();
    }

    private static String where(String what, JsonMappingException e, boolean parent) {
        StringBuilder b = new StringBuilder(what);
        List<JsonMappingException.Reference> path = e.getPath();
        int end = parent ? path.size() - 1 : path.size();
        for (int i = 0; i < end; i++) {
            JsonMappingException.Reference r = path.get(i);
            b.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]");
        }
        return b.toString();
    }

    private static String mismatch(String what, MismatchedInputException e) {
        String msg = e.getOriginalMessage();
        if (msg != null && msg.startsWith("Missing required creator property '")) {
            String field = msg.substring("Missing required creator property '".length(), msg.indexOf('\'',
                    "Missing required creator property '".length()));
            // Jackson's path ends with the missing property itself
            boolean named = !e.getPath().isEmpty() && field.equals(e.getPath().get(e.getPath().size() - 1).getFieldName());
            return "missing required field '" + field + "' in " + where(what, e, named);
        }
        if (e.getPath().isEmpty()) {
            return what + " must be a JSON object";
        }
        JsonMappingException.Reference last = e.getPath().get(e.getPath().size() - 1);
        String field = last.getFieldName() != null ? last.getFieldName() : "[" + last.getIndex() + "]";
        Class<?> target = e.getTargetType();
        if (target != null && target.isEnum() && e instanceof InvalidFormatException f) {
            @SuppressWarnings("unchecked")
            Class<? extends Enum<?>> et = (Class<? extends Enum<?>>) target;
            return "field '" + field + "' in " + where(what, e, true) + " has unknown value '" + f.getValue()
                    + "'; allowed: " + String.join(", ", wireNames(et));
        }
        return "field '" + field + "' in " + where(what, e, true) + " must be " + expected(target);
    }

    private static String expected(Class<?> t) {
        if (t == null) {
            return "of another type";
        }
        if (t == String.class || t.isEnum()) {
            return "a string";
        }
        if (t == Long.class || t == Integer.class || t == long.class || t == int.class) {
            return "an integer";
        }
        if (t == Double.class || t == double.class) {
            return "a number";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "a boolean";
        }
        if (Collection.class.isAssignableFrom(t)) {
            return "an array";
        }
        return "an object";
    }

    /** Required fields sent as null are refused like absent ones, at any depth. */
    private static void checkRequired(Object value, String what) {
        if (value instanceof Collection<?> c) {
            int i = 0;
            for (Object v : c) {
                checkRequired(v, what + "[" + i++ + "]");
            }
            return;
        }
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                checkRequired(e.getValue(), what + "." + e.getKey());
            }
            return;
        }
        if (value == null || !value.getClass().isRecord()) {
            return;
        }
        for (RecordComponent rc : value.getClass().getRecordComponents()) {
            Object v;
            try {
                v = rc.getAccessor().invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            JsonProperty p = property(value.getClass(), rc);
            String name = p == null ? rc.getName() : p.value();
            if (v == null && p != null && p.required()) {
                throw new WireException("missing required field '" + name + "' in " + what);
            }
            checkRequired(v, what + "." + name);
        }
    }

    /** A component's {@link JsonProperty}: Jackson's annotations reach the field, not the component. */
    static JsonProperty property(Class<?> record, RecordComponent rc) {
        try {
            return record.getDeclaredField(rc.getName()).getAnnotation(JsonProperty.class);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }
}
