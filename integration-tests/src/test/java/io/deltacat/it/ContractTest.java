package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.server.DeltacatServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The document and the server's routes (DESIGN section 6): the server serves exactly the documented
 * routes (one served but not documented fails, and the other way round), and the document is fit for
 * generated clients. What travels, and that the server refuses request fields it does not know, is
 * checked by {@link ContractExchangeTest}; that a newer server's additions do not break a
 * client by {@link ContractTolerantReaderTest}; the wire types against the document by
 * {@code WireDocumentTest}, the MCP tools by {@code ToolSchemaDocumentTest}.
 */
class ContractTest {
    @TempDir
    Path dir;

    @Test
    void servedRoutesAreExactlyTheDocumentedOnes() throws Exception {
        JsonNode doc = ContractDocument.load();
        try (DeltacatServer server = DeltacatServer.builder().root(dir).port(0).build().start()) {
            assertThat(new TreeSet<>(server.routes())).isEqualTo(ContractDocument.routes(doc));
        }
    }

    /** Names whose values can exceed 32 bits wherever they appear (times come through {@code Nanos}). */
    private static final Set<String> INT64_NAMES = Set.of("rowCount", "fileCount", "sizeBytes", "nullCount",
            "streamPosition", "snapshotTime", "totalFiles", "fencingToken", "recordsProcessed", "completed", "expected",
            "seq", "limit", "deltasBehind", "schemaVersion");

    /**
     * What generated clients need from the document (issue 26): on every operation a summary, the
     * client-version header, a 4XX problem+json answer and named request bodies; a format on every integer
     * (int64 for times, sizes, counts and tokens); no closed enum in anything a server answers, so a client
     * generated today tolerates a value a newer server adds.
     */
    @Test
    void theDocumentIsFitForGeneratedClients() throws Exception {
        JsonNode doc = ContractDocument.load();
        List<String> problems = new ArrayList<>();
        Set<String> answered = new TreeSet<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(m -> {
            if (!ContractDocument.METHODS.contains(m.getKey())) {
                return;
            }
            String where = m.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey();
            JsonNode op = m.getValue();
            if (op.path("summary").asText("").isBlank()) {
                problems.add(where + ": no summary");
            }
            List<String> params = new ArrayList<>();
            p.getValue().path("parameters").forEach(x -> params.add(x.path("$ref").asText()));
            op.path("parameters").forEach(x -> params.add(x.path("$ref").asText()));
            if (!params.contains("#/components/parameters/ClientVersion")) {
                problems.add(where + ": DeltaCAT-Client-Version not declared");
            }
            JsonNode fourXX = op.path("responses").path("4XX");
            if (!fourXX.path("$ref").asText().equals("#/components/responses/Problem")
                    || !op.path("responses").path("default").path("$ref").asText().equals("#/components/responses/Problem")) {
                problems.add(where + ": 4XX and default must be the problem+json response");
            }
            JsonNode body = op.path("requestBody").path("content").path("application/json").path("schema");
            if (!body.isMissingNode() && !body.has("$ref")) {
                problems.add(where + ": inline request body schema " + body);
            }
            op.path("responses").forEach(r -> r.path("content").forEach(c -> collectRefs(c.path("schema"), answered)));
        }));
        JsonNode schemas = doc.path("components").path("schemas");
        Set<String> reachable = new TreeSet<>();
        for (String name : answered) {
            reach(schemas, name, reachable);
        }
        checkIntegers(doc.path("components"), "components", null, problems);
        doc.path("paths").fields().forEachRemaining(p -> checkIntegers(p.getValue(), p.getKey(), null, problems));
        if (!schemas.path("Nanos").path("format").asText().equals("int64")) {
            problems.add("Nanos is not int64");
        }
        for (String name : reachable) {
            List<String> closed = new ArrayList<>();
            findEnums(schemas.get(name), "#/components/schemas/" + name, closed);
            problems.addAll(closed);
        }
        assertThat(problems).isEmpty();
        assertThat(reachable).contains("Job", "Table", "ArrowType", "WriteSession");
    }

    private static void collectRefs(JsonNode node, Set<String> into) {
        if (node.isObject()) {
            String ref = node.path("$ref").asText("");
            if (ref.startsWith("#/components/schemas/")) {
                into.add(ref.substring("#/components/schemas/".length()));
            }
            node.forEach(child -> collectRefs(child, into));
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, into));
        }
    }

    private static void reach(JsonNode schemas, String name, Set<String> seen) {
        if (seen.add(name)) {
            Set<String> refs = new TreeSet<>();
            collectRefs(schemas.path(name), refs);
            refs.forEach(r -> reach(schemas, r, seen));
        }
    }

    private static void findEnums(JsonNode node, String where, List<String> into) {
        if (node == null) {
            return;
        }
        if (node.isObject() && node.has("enum")) {
            into.add(where + ": a closed enum in a response schema (use a string with x-extensible-enum)");
        }
        if (node.isContainerNode()) {
            node.fields().forEachRemaining(f -> findEnums(f.getValue(), where + "/" + f.getKey(), into));
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    findEnums(node.get(i), where + "/" + i, into);
                }
            }
        }
    }

    private static void checkIntegers(JsonNode node, String where, String name, List<String> into) {
        if (node.isObject()) {
            JsonNode type = node.path("type");
            boolean integer = type.asText().equals("integer")
                    || type.isArray() && type.toString().contains("\"integer\"");
            if (integer) {
                String format = node.path("format").asText("");
                if (!format.equals("int32") && !format.equals("int64")) {
                    into.add(where + ": an integer without format int32 or int64");
                } else if (INT64_NAMES.contains(name) && !format.equals("int64")) {
                    into.add(where + ": " + name + " can exceed 32 bits but is " + format);
                }
            }
            String paramName = node.path("name").isTextual() && node.has("in") ? node.get("name").asText() : null;
            node.fields().forEachRemaining(f -> checkIntegers(f.getValue(), where + "/" + f.getKey(),
                    paramName != null && f.getKey().equals("schema") ? paramName : f.getKey(), into));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkIntegers(node.get(i), where + "/" + i, name, into);
            }
        }
    }
}
