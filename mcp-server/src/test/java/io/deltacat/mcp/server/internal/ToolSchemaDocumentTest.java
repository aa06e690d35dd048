package io.deltacat.mcp.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.deltacat.mcp.tools.Tools;
import io.deltacat.wire.WireSchema;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The validation guard between the MCP tools and {@code openapi/deltacat-api.yaml}: every tool names
 * the REST route it mirrors ({@link WireMirror}), and each of its arguments is a path parameter, a query
 * parameter or a request body field of that route with the document's type and only enum values the
 * document has, or an argument of the tool's own with the reason; a tool answering the route's response
 * answers no field the response schema lacks. A tool schema that drifts from the document fails the
 * build, and so does a guard that cannot see the drift (the last tests plant some).
 */
class ToolSchemaDocumentTest {
    static JsonNode doc;
    static List<ToolKit.Described> tools;

    /*
     * Where the tools' results (records of the Java API, io.deltacat.api.model, as the typed MCP client
     * reads them back) model a response field differently from the document. Each entry is the same
     * value in the Java API's form, not a field one side lacks; anything not listed must match. The
     * Java API also renders the document's int64 times as ISO-8601 text (the output schema's format says
     * so) and its enums by constant name (compared case-insensitively; UNKNOWN is the Java API's value
     * for one it did not know).
     */
    /** Result fields the Java API names differently, by type and field: the document's name. */
    static final Map<String, String> RENAMED = Map.of(
            "Job.leaseDuration", "leaseMillis", // a Duration
            "Node.leaseDuration", "leaseMillis",
            "Trigger.interval", "intervalSeconds",
            "DataRoot.isDefault", "default");
    /** Result fields grouping fields the document has beside them: checked against the enclosing schema. */
    static final Set<String> GROUPED = Set.of(
            "Pipeline.graph", // the document's nodeIds and executionOrder
            "SourceLag.table"); // the document's namespace and table
    /** Result fields the Java API holds in another shape: only their presence is checked. */
    static final Map<String, String> RESHAPED = Map.of(
            "Node.watermark", "positions by source table, where the document lists them");
    /** Enum constants of the Java API rendered otherwise on the wire. */
    static final Map<String, String> ENUM_NAMES = Map.of("ASCENDING", "asc", "DESCENDING", "desc");

    @BeforeAll
    static void load() throws Exception {
        doc = new YAMLMapper().readTree(Path.of("..", "openapi", "deltacat-api.yaml").toFile());
        ToolKit kit = new ToolKit(new Callers(() -> URI.create("http://127.0.0.1:9")));
        McpEndpoint.tools(kit, new StagedWrites(), "default", new McpEndpoint.Limits(5, 4096, 100, 1 << 20));
        tools = kit.described();
    }

    @Test
    void everyToolIsDescribedOnceAndMirrorsADocumentedRoute() {
        assertThat(tools.stream().map(ToolKit.Described::name).toList()).isEqualTo(Tools.ALL);
        List<String> problems = new ArrayList<>();
        for (ToolKit.Described t : tools) {
            if (!t.mirror().none() && operation(t.mirror()) == null) {
                problems.add(t.name() + " mirrors " + t.mirror().method() + " " + t.mirror().path()
                        + ", which the document lacks");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyArgumentIsTheMirroredRoutesOrDeclaredTheToolsOwn() {
        List<String> problems = new ArrayList<>();
        for (ToolKit.Described t : tools) {
            problems.addAll(argumentDrift(t.name(), t.mirror(), t.inputSchema()));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void aToolAnsweringARoutesResponseAnswersNoFieldTheDocumentLacks() {
        List<String> problems = new ArrayList<>();
        for (ToolKit.Described t : tools) {
            if (!t.mirror().none() && t.mirror().response()) {
                diffOutput(t.name(), t.result().getSimpleName(), t.outputSchema(), response(t.mirror()), problems);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void argumentsSharedWithTheRouteTakeTheWireTypes() {
        Map<String, Object> plan = describedTool(Tools.PLAN_READ).inputSchema();
        assertThat(property(plan, "filter")).containsEntry("type", "object");
        assertThat(property(plan, "columns")).containsEntry("type", "array");
        // the job states of list_jobs are the document's JobState values (not the Java API's UNKNOWN)
        List<?> states = (List<?>) property(describedTool(Tools.LIST_JOBS).inputSchema(), "state").get("enum");
        assertThat(states.stream().map(String::valueOf).toList())
                .containsExactlyInAnyOrderElementsOf(enumValues(doc.at("/components/schemas/JobState")));
    }

    @Test
    void theGuardSeesDrift() {
        ToolKit.Described stage = describedTool(Tools.STAGE_WRITE);
        // an argument the route lacks, not declared the tool's own
        Map<String, Object> extra = new LinkedHashMap<>(stage.inputSchema());
        Map<String, Object> props = new LinkedHashMap<>(properties(extra));
        props.put("compression", Map.of("type", "string"));
        extra.put("properties", props);
        assertThat(argumentDrift("planted", stage.mirror(), extra)).singleElement().asString().contains("compression");
        // an enum value the document lacks
        props = new LinkedHashMap<>(properties(stage.inputSchema()));
        props.put("mode", Map.of("type", "string", "enum", List.of("append", "upsert")));
        extra.put("properties", props);
        assertThat(argumentDrift("planted", stage.mirror(), extra)).singleElement().asString().contains("upsert");
        // a type the document does not have
        ToolKit.Described plan = describedTool(Tools.PLAN_READ);
        Map<String, Object> wrongType = new LinkedHashMap<>(plan.inputSchema());
        props = new LinkedHashMap<>(properties(wrongType));
        props.put("limit", Map.of("type", "string"));
        wrongType.put("properties", props);
        assertThat(argumentDrift("planted", plan.mirror(), wrongType)).singleElement().asString().contains("limit");
        // an answered field the response lacks
        ToolKit.Described job = describedTool(Tools.GET_JOB);
        Map<String, Object> out = new LinkedHashMap<>(job.outputSchema());
        props = new LinkedHashMap<>(properties(out));
        props.put("priority", Map.of("type", "integer"));
        out.put("properties", props);
        List<String> problems = new ArrayList<>();
        diffOutput("planted", "Job", out, response(job.mirror()), problems);
        assertThat(problems).singleElement().asString().contains("priority");
        // a route the document lacks
        assertThat(operation(WireMirror.of("GET", "/v1/jobs/{jobId}/priority"))).isNull();
    }

    // --- the comparison -------------------------------------------------------------------------

    private static List<String> argumentDrift(String tool, WireMirror m, Map<String, Object> input) {
        List<String> problems = new ArrayList<>();
        if (m.none()) {
            return problems;
        }
        JsonNode op = operation(m);
        Map<String, JsonNode> params = parameters(m);
        JsonNode body = resolve(op.at("/requestBody/content/application~1json/schema"));
        String bodyName = refName(op.at("/requestBody/content/application~1json/schema"));
        if (m.body() != null && !m.body().getAnnotation(WireSchema.class).value().equals(bodyName)) {
            problems.add(tool + ": its body " + m.body().getSimpleName() + " is not the route's " + bodyName);
        }
        for (Map.Entry<String, Object> e : properties(input).entrySet()) {
            String name = e.getKey();
            @SuppressWarnings("unchecked")
            Map<String, Object> schema = (Map<String, Object>) e.getValue();
            JsonNode param = params.get(name);
            JsonNode field = body.path("properties").path(name);
            if (m.own().containsKey(name)) {
                if (param != null || !field.isMissingNode()) {
                    problems.add(tool + ": argument " + name + " is declared its own, but the route has it");
                }
            } else if (param != null) {
                compare(tool + " argument " + name, schema, resolve(param.path("schema")),
                        m.query().containsKey(name) ? doc.at("/components/schemas/"
                                + m.query().get(name).getAnnotation(WireSchema.class).value()) : null, false,
                        problems);
            } else if (!field.isMissingNode()) {
                compare(tool + " argument " + name, schema, resolve(field), null, false, problems);
            } else {
                problems.add(tool + ": argument " + name + " is no parameter or body field of " + m.method() + " "
                        + m.path() + " (mirror it, or declare it the tool's own)");
            }
        }
        return problems;
    }

    /** A tool's property schema against the document's: same JSON type, enum values a subset. */
    private static void compare(String what, Map<String, Object> tool, JsonNode docSchema, JsonNode enumSchema,
                                boolean output, List<String> problems) {
        String docType = docSchema.path("type").asText(docSchema.has("properties") ? "object" : "");
        Object toolType = tool.get("type");
        // the Java API renders the document's int64 times and durations as ISO-8601 text (format says which)
        boolean time = "string".equals(toolType) && tool.containsKey("format") && docType.equals("integer");
        if (toolType != null && !docType.isEmpty() && !toolType.equals(docType) && !time
                && !(toolType.equals("number") && docType.equals("integer"))) {
            problems.add(what + ": " + toolType + " where the document has " + docType);
        }
        if ("array".equals(toolType) && docType.equals("array")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> items = (Map<String, Object>) tool.get("items");
            if (items != null) {
                compare(what + "[]", items, resolve(docSchema.path("items")), null, output, problems);
            }
        }
        if (tool.get("enum") instanceof List<?> values) {
            Set<String> known = enumValues(enumSchema != null ? enumSchema : docSchema);
            for (Object v : values) {
                // the Java API's enums answer their constant names (UNKNOWN: a value that client did not know)
                String value = !output ? String.valueOf(v)
                        : ENUM_NAMES.getOrDefault(String.valueOf(v), String.valueOf(v).toLowerCase(Locale.ROOT));
                if (output && value.equals("unknown")) {
                    continue;
                }
                if (!known.contains(value)) {
                    problems.add(what + ": enum value " + v + " the document lacks (it has " + known + ")");
                }
            }
        }
    }

    /** Each field of a tool's result must be a field of the route's response (recursing into objects). */
    private static void diffOutput(String what, String type, Map<String, Object> tool, JsonNode docSchema,
                                   List<String> problems) {
        JsonNode props = docSchema.path("properties");
        for (Map.Entry<String, Object> e : properties(tool).entrySet()) {
            String key = type + "." + e.getKey();
            @SuppressWarnings("unchecked")
            Map<String, Object> value = (Map<String, Object>) e.getValue();
            if (GROUPED.contains(key)) {
                diffOutput(what, e.getKey(), value, docSchema, problems);
                continue;
            }
            String name = RENAMED.getOrDefault(key, e.getKey());
            JsonNode field = resolve(props.path(name));
            if (RESHAPED.containsKey(key) && !field.isMissingNode()) {
                continue;
            }
            if (field.isMissingNode()) {
                problems.add(what + ": answers " + type + "." + e.getKey() + ", which the response lacks");
                continue;
            }
            Map<String, Object> sub = value;
            List<String> found = new ArrayList<>();
            compare(what + " field " + type + "." + e.getKey(), sub, field, null, true, found);
            problems.addAll(found);
            if (found.isEmpty() && "object".equals(sub.get("type")) && sub.containsKey("properties")) {
                diffOutput(what, typeName(props.path(name), e.getKey()), sub, field, problems);
            } else if (found.isEmpty() && "array".equals(sub.get("type"))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> items = (Map<String, Object>) sub.get("items");
                if (items != null && "object".equals(items.get("type")) && items.containsKey("properties")) {
                    diffOutput(what, typeName(field.path("items"), e.getKey()), items,
                            resolve(field.path("items")), problems);
                }
            }
        }
    }

    private static String typeName(JsonNode ref, String fallback) {
        String n = refName(ref);
        return n.isEmpty() ? fallback : n;
    }

    // --- the document ---------------------------------------------------------------------------

    private static JsonNode operation(WireMirror m) {
        JsonNode op = doc.path("paths").path(m.path()).path(m.method().toLowerCase(Locale.ROOT));
        return op.isMissingNode() ? null : op;
    }

    private static JsonNode response(WireMirror m) {
        JsonNode responses = operation(m).path("responses");
        for (String code : List.of("200", "201", "202")) {
            JsonNode s = responses.path(code).at("/content/application~1json/schema");
            if (!s.isMissingNode()) {
                return resolve(s);
            }
        }
        throw new AssertionError(m.method() + " " + m.path() + " answers no JSON body");
    }

    /** The route's parameters (the path's and the operation's), by name. */
    private static Map<String, JsonNode> parameters(WireMirror m) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        List<JsonNode> all = new ArrayList<>();
        doc.path("paths").path(m.path()).path("parameters").forEach(all::add);
        operation(m).path("parameters").forEach(all::add);
        for (JsonNode p : all) {
            JsonNode r = resolve(p);
            out.put(r.path("name").asText(), r);
        }
        return out;
    }

    private static JsonNode resolve(JsonNode n) {
        while (n.has("$ref")) {
            n = doc.at(n.get("$ref").asText().substring(1));
        }
        if (n.has("allOf") && n.get("allOf").size() == 1) {
            return resolve(n.get("allOf").get(0));
        }
        return n;
    }

    private static String refName(JsonNode n) {
        String ref = n.path("$ref").asText("");
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    private static Set<String> enumValues(JsonNode schema) {
        Set<String> out = new HashSet<>();
        JsonNode s = resolve(schema);
        s.path("enum").forEach(v -> out.add(v.asText()));
        s.path("x-extensible-enum").forEach(v -> out.add(v.asText())); // an open enum's known values
        return out;
    }

    // --- tool schemas ---------------------------------------------------------------------------

    private static ToolKit.Described describedTool(String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> schema) {
        Object p = schema.get("properties");
        return p == null ? Map.of() : (Map<String, Object>) p;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> property(Map<String, Object> schema, String name) {
        return (Map<String, Object>) properties(schema).get(name);
    }
}
