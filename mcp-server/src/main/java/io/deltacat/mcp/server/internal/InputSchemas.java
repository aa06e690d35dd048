package io.deltacat.mcp.server.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tool's input JSON schema, derived from its argument record (the same record the arguments are
 * bound to, so the two cannot disagree): one property per component, {@code required} from
 * {@code @JsonProperty(required = true)}, descriptions from {@code @JsonPropertyDescription}, no other
 * property allowed.
 */
final class InputSchemas {
    private InputSchemas() {
    }

    static Map<String, Object> of(Class<? extends Record> args) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (RecordComponent c : args.getRecordComponents()) {
            Map<String, Object> p = new LinkedHashMap<>(type(c.getGenericType()));
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
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private static Map<String, Object> type(Type t) {
        if (t instanceof ParameterizedType pt) {
            Class<?> raw = (Class<?>) pt.getRawType();
            if (List.class.isAssignableFrom(raw)) {
                return Map.of("type", "array", "items", type(pt.getActualTypeArguments()[0]));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return Map.of("type", "object");
            }
            throw new IllegalArgumentException("no JSON schema for " + t);
        }
        Class<?> c = (Class<?>) t;
        if (c == String.class) {
            return Map.of("type", "string");
        }
        if (c == Long.class || c == long.class || c == Integer.class || c == int.class) {
            return Map.of("type", "integer", "minimum", 0);
        }
        if (c == Boolean.class || c == boolean.class) {
            return Map.of("type", "boolean");
        }
        if (c == Object.class) {
            return Map.of();
        }
        if (c.isEnum()) {
            return Map.of("type", "string", "enum", Arrays.stream(c.getEnumConstants()).map(Object::toString).toList());
        }
        throw new IllegalArgumentException("no JSON schema for " + c);
    }
}
