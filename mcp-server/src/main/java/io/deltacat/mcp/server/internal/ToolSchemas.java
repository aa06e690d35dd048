package io.deltacat.mcp.server.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import io.deltacat.wire.WireJson;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A tool's input and output JSON schemas, derived from the Java types its arguments are bound to and
 * its result is written from (so a schema cannot disagree with what is read or sent), and, where a
 * tool mirrors a REST route, from the wire types of that route ({@link WireMirror}):
 * <ul>
 *   <li>input: one property per argument component, {@code required} from
 *       {@code @JsonProperty(required = true)}, descriptions from {@code @JsonPropertyDescription}, no
 *       other property allowed (arguments are bound strictly); an argument named as a field of the
 *       mirrored request body takes that wire field's type (its document type and enum values);</li>
 *   <li>output: one property per result component, as the tools' JSON mapping writes it (records as
 *       objects, empty optionals left out, instants and durations as ISO-8601 text, Arrow schemas in
 *       Arrow's JSON form); other properties are allowed, so an older client reads a newer result.</li>
 * </ul>
 */
final class ToolSchemas {
    private ToolSchemas() {
    }

    /** The input schema of an argument record, with the argument types the mirrored wire types give. */
    static Map<String, Object> input(Class<? extends Record> args, WireMirror mirror) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (RecordComponent c : args.getRecordComponents()) {
            // a tool's own enum may narrow the route's (stage_write's modes): the guard checks it is a subset
            Type wire = c.getType().isEnum() ? null : mirror.argumentType(c.getName());
            Map<String, Object> p = new LinkedHashMap<>(wire != null ? wireType(wire) : type(c.getGenericType(), false));
            // Jackson's annotations do not target record components: they land on the accessor (and the field
            // and constructor parameter, where Jackson reads them)
            JsonPropertyDescription d = c.getAccessor().getAnnotation(JsonPropertyDescription.class);
            if (d != null) {
                p.put("description", d.value());
            }
            JsonProperty jp = c.getAccessor().getAnnotation(JsonProperty.class);
            if (jp != null && jp.required()) {
                required.add(c.getName());
            }
            properties.put(c.getName(), p);
        }
        return object(properties, required, false);
    }

    /** The output schema of a result type (a record, or a map for the few tools answering one). */
    static Map<String, Object> output(Class<?> result) {
        if (Map.class.isAssignableFrom(result)) {
            return Map.of("type", "object");
        }
        return type(result, true);
    }

    private static Map<String, Object> object(Map<String, Object> properties, List<String> required, boolean open) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        if (!open) {
            schema.put("additionalProperties", false);
        }
        return schema;
    }

    /** A Java type as the tools' JSON mapping (Jackson 3, {@code ToolJson}) reads or writes it. */
    static Map<String, Object> type(Type t, boolean output) {
        if (t instanceof ParameterizedType pt) {
            Class<?> raw = (Class<?>) pt.getRawType();
            Type[] a = pt.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                return Map.of("type", "array", "items", type(a[0], output));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return a[1] == Object.class ? Map.of("type", "object")
                        : Map.of("type", "object", "additionalProperties", type(a[1], output));
            }
            if (raw == Optional.class) {
                return type(a[0], output);
            }
            throw new IllegalArgumentException("no JSON schema for " + t);
        }
        Class<?> c = (Class<?>) t;
        if (c == String.class || c == ZoneId.class) {
            return Map.of("type", "string");
        }
        if (c == Instant.class) {
            return Map.of("type", "string", "format", "date-time");
        }
        if (c == Duration.class) {
            return Map.of("type", "string", "format", "duration");
        }
        if (c == Long.class || c == long.class || c == Integer.class || c == int.class || c == OptionalLong.class
                || c == OptionalInt.class) {
            // arguments are counts, sizes and times: never negative; results are what the server answers
            return output ? Map.of("type", "integer") : Map.of("type", "integer", "minimum", 0);
        }
        if (c == Double.class || c == double.class || c == OptionalDouble.class) {
            return Map.of("type", "number");
        }
        if (c == Boolean.class || c == boolean.class) {
            return Map.of("type", "boolean");
        }
        if (c == Object.class) {
            return Map.of();
        }
        if (c == Schema.class) {
            return Map.of("type", "object", "description", "an Arrow schema in Arrow's JSON form", "properties",
                    Map.of("fields", Map.of("type", "array")));
        }
        if (c.isEnum()) {
            List<String> values = new ArrayList<>();
            for (Object e : c.getEnumConstants()) {
                values.add(e.toString());
            }
            return Map.of("type", "string", "enum", values);
        }
        if (c.isRecord()) {
            Map<String, Object> properties = new LinkedHashMap<>();
            List<String> required = new ArrayList<>();
            for (RecordComponent rc : c.getRecordComponents()) {
                properties.put(rc.getName(), type(rc.getGenericType(), output));
                if (rc.getType().isPrimitive()) {
                    required.add(rc.getName()); // a primitive is always written; a reference may be left out
                }
            }
            return object(properties, required, output);
        }
        throw new IllegalArgumentException("no JSON schema for " + c);
    }

    /**
     * A wire type (an {@code io.deltacat.wire} record component's type) as the document states it:
     * enums by their wire names, without the constant a reader keeps for values it does not know.
     */
    static Map<String, Object> wireType(Type t) {
        if (t instanceof ParameterizedType pt && List.class.isAssignableFrom((Class<?>) pt.getRawType())) {
            return Map.of("type", "array", "items", wireType(pt.getActualTypeArguments()[0]));
        }
        if (t instanceof Class<?> c && c.isEnum()) {
            @SuppressWarnings("unchecked")
            Class<? extends Enum<?>> e = (Class<? extends Enum<?>>) c;
            return Map.of("type", "string", "enum", WireJson.wireNames(e));
        }
        if (t instanceof Class<?> c && "com.fasterxml.jackson.databind.JsonNode".equals(c.getName())) {
            return Map.of("type", "object"); // a JSON tree (the filter): an object on the wire
        }
        if (t == Long.class || t == Integer.class) {
            return Map.of("type", "integer", "minimum", 0);
        }
        return type(t, false);
    }

}
