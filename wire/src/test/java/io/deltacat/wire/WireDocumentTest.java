package io.deltacat.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The wire types are the document: every schema of {@code openapi/deltacat-api.yaml} has its record
 * or enum (or is one of the few kept as JSON trees, listed with the reason), and every record has
 * exactly the schema's fields, with the same types, the same required ones, and every enum the same
 * values. Any difference fails the build, in either direction.
 */
class WireDocumentTest {
    /** Schemas bound as plain Java types or kept as JSON trees, and why. */
    static final Map<String, String> NOT_RECORDS = Map.ofEntries(
            Map.entry("Name", "a non-empty string: String"),
            Map.entry("Nanos", "an int64: Long"),
            Map.entry("Properties", "an object of strings: Map<String, String>"),
            Map.entry("JobTags", "an array of strings: List<String>"),
            Map.entry("PartitionValues", "an array of any JSON values: List<JsonNode>"),
            Map.entry("JsonValue", "any JSON value, stored as sent: JsonNode"),
            Map.entry("JsonObject", "free-form details: JsonNode"),
            Map.entry("Filter", "a predicate tree parsed by the server's predicate reader: JsonNode"),
            Map.entry("ArrowSchema", "Arrow's own JSON form, read by Arrow's Schema.fromJSON: JsonNode"),
            Map.entry("ArrowField", "part of Arrow's JSON form: JsonNode"),
            Map.entry("ArrowMetadata", "part of Arrow's JSON form"),
            Map.entry("ArrowKeyValue", "part of Arrow's JSON form"),
            Map.entry("ArrowDictionary", "part of Arrow's JSON form"),
            Map.entry("ArrowType", "part of Arrow's JSON form (an open schema)"));
    /** Where a $ref to one of NOT_RECORDS must be bound as this Java type (written as Type.toString()). */
    static final Map<String, String> PLAIN = Map.of(
            "Name", "class java.lang.String",
            "Nanos", "class java.lang.Long",
            "Properties", "java.util.Map<java.lang.String, java.lang.String>",
            "JobTags", "java.util.List<java.lang.String>",
            "PartitionValues", "java.util.List<com.fasterxml.jackson.databind.JsonNode>");

    static JsonNode schemas;
    static Map<String, Class<?>> types = new LinkedHashMap<>();

    @BeforeAll
    static void load() throws Exception {
        schemas = new YAMLMapper().readTree(Path.of("..", "openapi", "deltacat-api.yaml").toFile())
                .path("components").path("schemas");
        Path classes = Path.of(WireSchema.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (name.equals("module-info")) {
                    continue;
                }
                Class<?> c = Class.forName(name);
                WireSchema s = c.getAnnotation(WireSchema.class);
                if (s != null) {
                    Class<?> before = types.put(s.value(), c);
                    assertTrue(before == null, s.value() + " is bound twice: " + before + " and " + c);
                } else {
                    assertTrue(!c.isRecord() && !c.isEnum() || c.getPackageName().equals("io.deltacat.wire"),
                            c + " is a wire record or enum without @WireSchema");
                }
            }
        }
        assertTrue(types.size() > 50, "found only " + types.size() + " wire types under " + classes);
    }

    @Test
    void everySchemaOfTheDocumentHasItsWireType() {
        List<String> missing = new ArrayList<>();
        schemas.fieldNames().forEachRemaining(n -> {
            if (!types.containsKey(n) && !NOT_RECORDS.containsKey(n)) {
                missing.add(n);
            }
        });
        assertEquals(List.of(), missing, "schemas without a wire type (add a record in io.deltacat.wire.<area>)");
        List<String> stale = new ArrayList<>();
        NOT_RECORDS.keySet().forEach(n -> {
            if (!schemas.has(n)) {
                stale.add(n);
            }
        });
        assertEquals(List.of(), stale, "NOT_RECORDS names schemas the document no longer has");
    }

    @Test
    void everyWireTypeEqualsItsSchema() {
        List<String> diffs = new ArrayList<>();
        types.forEach((path, type) -> {
            JsonNode s = resolve(path);
            if (s == null) {
                diffs.add(type.getSimpleName() + ": no schema at " + path);
            } else if (type.isEnum()) {
                checkEnum(type, s, path, diffs);
            } else if (type.isRecord()) {
                checkRecord(type, s, path, diffs);
            } else {
                diffs.add(type + " is neither a record nor an enum");
            }
        });
        assertEquals("", String.join("\n", diffs));
    }

    private static void checkRecord(Class<?> type, JsonNode s, String path, List<String> diffs) {
        Set<String> docFields = new TreeSet<>();
        s.path("properties").fieldNames().forEachRemaining(docFields::add);
        Set<String> docRequired = new TreeSet<>();
        s.path("required").forEach(r -> docRequired.add(r.asText()));
        Set<String> fields = new TreeSet<>();
        Set<String> required = new TreeSet<>();
        for (RecordComponent rc : type.getRecordComponents()) {
            JsonProperty p = WireJson.property(type, rc);
            if (p == null) {
                diffs.add(path + "." + rc.getName() + ": no @JsonProperty (the wire name must be explicit)");
                continue;
            }
            fields.add(p.value());
            if (p.required()) {
                required.add(p.value());
            }
            JsonNode ps = s.path("properties").get(p.value());
            if (ps != null) {
                checkType(rc.getGenericType(), ps, path + "." + p.value(), diffs);
            }
        }
        if (!fields.equals(docFields)) {
            Set<String> extra = new TreeSet<>(fields);
            extra.removeAll(docFields);
            Set<String> lacking = new TreeSet<>(docFields);
            lacking.removeAll(fields);
            diffs.add(path + ": fields the document lacks " + extra + ", fields the record lacks " + lacking);
        }
        if (!required.equals(docRequired)) {
            diffs.add(path + ": required in the record " + required + ", in the document " + docRequired);
        }
        // a problem may carry extension members (RFC 7807); every other bound object is closed
        if (!"false".equals(s.path("additionalProperties").asText()) && !path.equals("Problem")) {
            diffs.add(path + ": the document must say additionalProperties: false for a bound object");
        }
    }

    private static void checkEnum(Class<?> type, JsonNode s, String path, List<String> diffs) {
        JsonNode values = s.has("enum") ? s.get("enum") : s.get("x-extensible-enum");
        if (values == null) {
            diffs.add(path + ": " + type.getSimpleName() + " is an enum, the document has no enum there");
            return;
        }
        List<String> doc = new ArrayList<>();
        values.forEach(v -> doc.add(v.asText()));
        @SuppressWarnings("unchecked")
        List<String> java = WireJson.wireNames((Class<? extends Enum<?>>) type);
        if (!new HashSet<>(doc).equals(new HashSet<>(java))) {
            diffs.add(path + ": enum values " + java + " in " + type.getSimpleName() + ", " + doc + " in the document");
        }
    }

    /** One field's Java type against its schema; records and enums met by $ref are checked on their own. */
    private static void checkType(Type t, JsonNode s, String path, List<String> diffs) {
        if (s.has("$ref")) {
            String ref = s.get("$ref").asText().substring("#/components/schemas/".length());
            if (PLAIN.containsKey(ref)) {
                expect(t, PLAIN.get(ref), path, diffs);
            } else if (NOT_RECORDS.containsKey(ref)) {
                expect(t, "class com.fasterxml.jackson.databind.JsonNode", path, diffs);
            } else if (!(t instanceof Class<?> c) || !types.containsKey(ref) || types.get(ref) != c) {
                diffs.add(path + ": $ref " + ref + " bound as " + t + ", not as " + types.get(ref));
            }
            return;
        }
        String type = type(s);
        JsonNode values = s.has("enum") ? s.get("enum") : s.get("x-extensible-enum");
        if ("string".equals(type) && values != null) {
            if (!(t instanceof Class<?> c) || !c.isEnum()) {
                diffs.add(path + ": an enum in the document, " + t + " in the record");
                return;
            }
            checkEnum(c, s, path, diffs);
            if (s.has("x-extensible-enum") && WireJson.wireNames(enumType(c)).size() == c.getEnumConstants().length) {
                diffs.add(path + ": an open enum (x-extensible-enum) needs an UNKNOWN constant in " + c.getSimpleName());
            }
            return;
        }
        switch (type == null ? "" : type) {
            case "string" -> expect(t, "class java.lang.String", path, diffs);
            case "boolean" -> expect(t, "class java.lang.Boolean", path, diffs);
            case "number" -> expect(t, "class java.lang.Double", path, diffs);
            case "integer" -> expect(t, "int64".equals(s.path("format").asText()) ? "class java.lang.Long"
                    : "class java.lang.Integer", path, diffs);
            case "array" -> {
                if (t instanceof ParameterizedType p && p.getRawType() == List.class) {
                    checkType(p.getActualTypeArguments()[0], s.path("items"), path + "[]", diffs);
                } else {
                    diffs.add(path + ": an array in the document, " + t + " in the record");
                }
            }
            case "object" -> {
                if (s.has("properties")) {
                    if (!(t instanceof Class<?> c) || !path.equals(schemaPath(c))) {
                        diffs.add(path + ": an inline object in the document, bound as " + t
                                + " (its record needs @WireSchema(\"" + path + "\"))");
                    }
                } else if (s.path("additionalProperties").isObject() && !s.get("additionalProperties").isEmpty()) {
                    if (t instanceof ParameterizedType p && p.getRawType() == Map.class
                            && p.getActualTypeArguments()[0] == String.class) {
                        checkType(p.getActualTypeArguments()[1], s.get("additionalProperties"), path + "{}", diffs);
                    } else {
                        diffs.add(path + ": a map in the document, " + t + " in the record");
                    }
                } else {
                    expect(t, "class com.fasterxml.jackson.databind.JsonNode", path, diffs);
                }
            }
            default -> expect(t, "class com.fasterxml.jackson.databind.JsonNode", path, diffs);
        }
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Enum<?>> enumType(Class<?> c) {
        return (Class<? extends Enum<?>>) c;
    }

    private static String schemaPath(Class<?> c) {
        WireSchema s = c.getAnnotation(WireSchema.class);
        return s == null ? null : s.value();
    }

    private static void expect(Type t, String expected, String path, List<String> diffs) {
        if (!t.toString().equals(expected)) {
            diffs.add(path + ": " + expected.replace("class ", "") + " by the document, " + t + " in the record");
        }
    }

    /** The type word, without "null" (type: [string, "null"] is an optional string). */
    private static String type(JsonNode s) {
        JsonNode t = s.get("type");
        if (t == null) {
            return null;
        }
        if (t.isArray()) {
            for (JsonNode e : t) {
                if (!e.asText().equals("null")) {
                    return e.asText();
                }
            }
        }
        return t.asText();
    }

    /** The schema at a path like {@code UploadRequest.parts[]} ($refs followed). */
    private static JsonNode resolve(String path) {
        String[] parts = path.split("\\.");
        JsonNode s = schemas.get(parts[0].replace("[]", ""));
        for (int i = 1; i < parts.length && s != null; i++) {
            String p = parts[i];
            boolean items = p.endsWith("[]");
            s = deref(s).path("properties").get(items ? p.substring(0, p.length() - 2) : p);
            if (items && s != null) {
                s = deref(s).get("items");
            }
        }
        return s == null ? null : deref(s);
    }

    private static JsonNode deref(JsonNode s) {
        while (s != null && s.has("$ref")) {
            s = schemas.get(s.get("$ref").asText().substring("#/components/schemas/".length()));
        }
        return s;
    }

    /** Keeps the guard honest: a record that differs from its schema is reported. */
    @Test
    void aDifferenceIsReported() throws IOException {
        List<String> diffs = new ArrayList<>();
        checkRecord(Mismatch.class, resolve("TableRef"), "TableRef", diffs);
        assertEquals(3, diffs.size(), String.join("\n", diffs));
        assertTrue(diffs.get(0).contains("namespace: java.lang.String by the document"), diffs.get(0));
        assertTrue(diffs.get(1).contains("fields the document lacks [colour], fields the record lacks [table]"),
                diffs.get(1));
        assertTrue(diffs.get(2).contains("required in the record [colour, namespace], in the document [namespace, table]"),
                diffs.get(2));
        List<String> enumDiffs = new ArrayList<>();
        checkEnum(io.deltacat.wire.jobs.JobState.class, resolve("NodeKind"), "NodeKind", enumDiffs);
        assertEquals(1, enumDiffs.size(), String.join("\n", enumDiffs));
    }

    /** TableRef with a wrong type and a field renamed. */
    record Mismatch(@JsonProperty(value = "namespace", required = true) Long namespace,
                    @JsonProperty(value = "colour", required = true) String colour) {
    }
}
