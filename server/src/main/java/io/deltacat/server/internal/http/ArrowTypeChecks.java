package io.deltacat.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.InvalidRequestException;
import java.util.Map;
import java.util.Set;

/**
 * Checks the parameters of every type in an Arrow schema or field in Arrow's JSON form before Arrow
 * parses it. Arrow's JSON reader fills a missing parameter with a zero or null (an {@code int} without
 * {@code bitWidth} becomes an unsigned 0-bit int, a {@code timestamp} without {@code unit} a null
 * unit), and a table created so could never be written or read; such a schema is refused with a 400
 * naming the field and the parameter.
 */
final class ArrowTypeChecks {
    private static final Set<String> TIME_UNITS = Set.of("SECOND", "MILLISECOND", "MICROSECOND", "NANOSECOND");
    /** Types whose JSON form has no parameter beyond {@code name}. */
    private static final Set<String> PLAIN = Set.of("null", "bool", "utf8", "largeutf8", "binary", "largebinary",
            "list", "largelist", "struct", "utf8view", "binaryview", "listview", "largelistview", "runendencoded");
    private static final Map<String, Set<String>> ENUMS = Map.of(
            "floatingpoint", Set.of("HALF", "SINGLE", "DOUBLE"),
            "date", Set.of("DAY", "MILLISECOND"),
            "interval", Set.of("YEAR_MONTH", "DAY_TIME", "MONTH_DAY_NANO"),
            "union", Set.of("Sparse", "Dense"));

    private ArrowTypeChecks() {
    }

    /** Checks every field of a schema's {@code fields} array, children included. */
    static void checkSchema(JsonNode schema, String where) {
        int i = 0;
        for (JsonNode f : schema.path("fields")) {
            checkField(f, where + ".fields[" + i++ + "]");
        }
    }

    /** Checks one field and its children; {@code where} names it in the message. */
    static void checkField(JsonNode field, String where) {
        if (!field.isObject()) {
            throw new InvalidRequestException(where + " must be an Arrow field object");
        }
        String name = field.path("name").isTextual() ? "'" + field.get("name").asText() + "'" : "(unnamed)";
        String at = where + " " + name;
        JsonNode type = field.get("type");
        if (type == null || !type.isObject() || !type.path("name").isTextual()) {
            throw new InvalidRequestException(at + " needs a 'type' object with a 'name'");
        }
        checkType((ObjectNode) type, at);
        if (field.path("dictionary").path("indexType") instanceof ObjectNode index) {
            index.properties().removeIf(p -> p.getValue().isNull()); // as in checkType
        }
        JsonNode children = field.get("children");
        if (children != null && children.isArray()) {
            int i = 0;
            for (JsonNode child : children) {
                checkField(child, at + ".children[" + i++ + "]");
            }
        }
    }

    private static void checkType(ObjectNode type, String at) {
        String name = type.get("name").asText();
        // a parameter sent as null is absent: clients generated from the OpenAPI document send every
        // optional parameter of the one open ArrowType schema, the unset ones as null (e.g. a Java
        // client's "precision": null on an int), which Arrow's own reader would refuse as unknown
        type.properties().removeIf(p -> p.getValue().isNull());
        switch (name) {
            case "int" -> {
                intIn(type, "bitWidth", Set.of(8, 16, 32, 64), at, name);
                bool(type, "isSigned", at, name);
            }
            case "floatingpoint" -> enumIn(type, "precision", at, name);
            case "decimal" -> {
                int precision = intRange(type, "precision", 1, 76, at, name);
                int scale = type.path("scale").isIntegralNumber() ? type.get("scale").asInt() : -1;
                if (!type.path("scale").isIntegralNumber() || scale > precision || scale < -precision) {
                    throw missing(at, name, "scale", "an integer with |scale| <= precision (" + precision + ")");
                }
                if (!type.has("bitWidth")) {
                    type.put("bitWidth", 128); // Arrow's own default width; only 128 and 256 exist
                }
                int width = intIn(type, "bitWidth", Set.of(128, 256), at, name);
                if (width == 128 && precision > 38) {
                    throw missing(at, name, "precision", "1..38 for a 128-bit decimal (use bitWidth 256 beyond)");
                }
            }
            case "timestamp", "duration" -> {
                unit(type, at, name);
                JsonNode tz = type.get("timezone");
                if (tz != null && !tz.isNull() && !tz.isTextual()) {
                    throw missing(at, name, "timezone", "a string (an IANA zone or an offset) or null");
                }
            }
            case "time" -> {
                String unit = unit(type, at, name);
                int width = intIn(type, "bitWidth", Set.of(32, 64), at, name);
                boolean narrow = unit.equals("SECOND") || unit.equals("MILLISECOND");
                if (narrow != (width == 32)) {
                    throw missing(at, name, "bitWidth", "32 for SECOND and MILLISECOND, 64 for MICROSECOND and"
                            + " NANOSECOND (unit is " + unit + ")");
                }
            }
            case "date", "interval" -> enumIn(type, "unit", at, name);
            case "union" -> {
                enumIn(type, "mode", at, name);
                if (!type.path("typeIds").isArray()) {
                    throw missing(at, name, "typeIds", "an array of integers");
                }
            }
            case "fixedsizebinary" -> intRange(type, "byteWidth", 1, Integer.MAX_VALUE, at, name);
            case "fixedsizelist" -> intRange(type, "listSize", 0, Integer.MAX_VALUE, at, name);
            case "map" -> {
                if (type.has("keysSorted")) {
                    bool(type, "keysSorted", at, name);
                }
            }
            default -> {
                if (!PLAIN.contains(name)) {
                    throw new InvalidRequestException(at + " has unknown Arrow type '" + name + "'");
                }
            }
        }
    }

    private static String unit(ObjectNode type, String at, String name) {
        JsonNode v = type.get("unit");
        if (v == null || !v.isTextual() || !TIME_UNITS.contains(v.asText())) {
            throw missing(at, name, "unit", "one of " + String.join(", ", TIME_UNITS.stream().sorted().toList()));
        }
        return v.asText();
    }

    private static void enumIn(ObjectNode type, String param, String at, String name) {
        Set<String> allowed = ENUMS.get(name);
        JsonNode v = type.get(param);
        if (v == null || !v.isTextual() || !allowed.contains(v.asText())) {
            throw missing(at, name, param, "one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
    }

    private static int intIn(ObjectNode type, String param, Set<Integer> allowed, String at, String name) {
        JsonNode v = type.get(param);
        if (v == null || !v.isIntegralNumber() || !allowed.contains(v.asInt())) {
            throw missing(at, name, param, "one of " + allowed.stream().sorted().map(String::valueOf).toList());
        }
        return v.asInt();
    }

    private static int intRange(ObjectNode type, String param, int min, int max, String at, String name) {
        JsonNode v = type.get(param);
        if (v == null || !v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            throw missing(at, name, param, "an integer " + min + ".." + max);
        }
        return v.asInt();
    }

    private static void bool(ObjectNode type, String param, String at, String name) {
        JsonNode v = type.get(param);
        if (v == null || !v.isBoolean()) {
            throw missing(at, name, param, "true or false");
        }
    }

    private static InvalidRequestException missing(String at, String type, String param, String expected) {
        return new InvalidRequestException(at + ": Arrow type '" + type + "' needs '" + param + "' to be " + expected);
    }
}
