package io.deltacat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** {@code openapi/deltacat-api.yaml} as the contract tests read it: routes, operations, body validation. */
final class ContractDocument {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch", "head");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ContractDocument() {
    }

    static JsonNode load() throws Exception {
        return YAML.readTree(Path.of(System.getProperty("deltacat.openapi", "../openapi/deltacat-api.yaml")).toFile());
    }

    /** Every documented route as {@code METHOD /path/{template}}. */
    static Set<String> routes(JsonNode doc) {
        Set<String> routes = new TreeSet<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
            if (METHODS.contains(m)) {
                routes.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey());
            }
        }));
        return routes;
    }

    /** The operation of a route ({@code METHOD /path}). */
    static JsonNode operation(JsonNode doc, String route) {
        String[] parts = route.split(" ", 2);
        return doc.path("paths").path(parts[1]).path(parts[0].toLowerCase(Locale.ROOT));
    }

    /** The request body schema of a route, or a missing node. */
    static JsonNode requestSchema(JsonNode doc, String route) {
        return operation(doc, route).path("requestBody").path("content").path("application/json").path("schema");
    }

    static JsonNode resolve(JsonNode doc, String ref) {
        JsonNode n = doc;
        for (String part : ref.substring(2).split("/")) {
            n = n.path(part);
        }
        return n;
    }

    /** Validates a body against a schema of the document (JSON Schema 2020-12), adding what breaks it. */
    static void validate(JsonNode doc, JsonNode schema, byte[] body, String where, List<String> violations) {
        if (body == null || body.length == 0) {
            violations.add(where + ": empty body where the document expects one");
            return;
        }
        JsonNode instance;
        try {
            instance = JSON.readTree(body);
        } catch (Exception ex) {
            violations.add(where + ": not JSON: " + ex.getMessage());
            return;
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("components", doc.get("components"));
        Iterator<Map.Entry<String, JsonNode>> it = schema.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            root.set(f.getKey(), f.getValue());
        }
        JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
        Set<ValidationMessage> errors = validator.validate(instance);
        for (ValidationMessage m : errors) {
            violations.add(where + ": " + m.getMessage() + " in " + new String(body, StandardCharsets.UTF_8));
        }
    }
}
