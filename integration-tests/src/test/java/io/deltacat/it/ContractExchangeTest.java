package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.server.DeltacatServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wire contract in use (DESIGN section 6): every exchange of a scenario that calls every client
 * operation and every route ({@link ContractScenario}: successes and failures) uses a documented route
 * and status, and its bodies validate against the documented schemas, whose objects allow no field they
 * do not name: a field one side sends that the document (and so the other side) does not know fails.
 * The types themselves are held to the document by {@code WireDocumentTest}; this checks what
 * actually travels, including the Arrow JSON, predicate trees and free-form values no record types.
 */
class ContractExchangeTest {
    @TempDir
    static Path dir;
    static JsonNode doc;
    static final List<DeltacatServer.Exchange> EXCHANGES = new CopyOnWriteArrayList<>();
    static List<UnknownFieldReplay> replays;

    /** One run of the full scenario, which the checks below read. */
    @BeforeAll
    static void runTheScenario() throws Exception {
        doc = ContractDocument.load();
        replays = ContractScenario.run(dir, EXCHANGES::add);
    }

    @Test
    void theValidatorCatchesBodiesThatBreakTheDocument() throws Exception {
        JsonNode doc = ContractDocument.load();
        JsonNode namespace = ContractDocument.JSON.readTree("{\"$ref\": \"#/components/schemas/Namespace\"}");
        List<String> violations = new ArrayList<>();
        validate(doc, namespace, "{\"name\":\"a\",\"properties\":{},\"createdAt\":1}", "ok", violations);
        assertThat(violations).isEmpty();
        validate(doc, namespace, "{\"name\":\"a\",\"properties\":{}}", "missing", violations);
        validate(doc, namespace, "{\"name\":\"a\",\"properties\":{},\"createdAt\":1,\"extra\":2}", "extra", violations);
        validate(doc, namespace, "{\"name\":7,\"properties\":{},\"createdAt\":1}", "type", violations);
        assertThat(violations).hasSize(3);
    }

    private static void validate(JsonNode doc, JsonNode schema, String body, String where, List<String> violations) {
        ContractDocument.validate(doc, schema, body.getBytes(StandardCharsets.UTF_8), where, violations);
    }

    @Test
    void everyExchangeOfAFullScenarioMatchesTheDocument() {
        Set<String> documented = ContractDocument.routes(doc);
        List<DeltacatServer.Exchange> exchanges = List.copyOf(EXCHANGES);
        assertThat(exchanges).hasSizeGreaterThan(30);
        Set<String> exercised = new TreeSet<>();
        List<String> violations = new ArrayList<>();
        for (DeltacatServer.Exchange e : exchanges) {
            String where = e.method() + " " + e.rawPath() + " -> " + e.status();
            if (e.route().isEmpty() || !documented.contains(e.route())) {
                violations.add(where + ": route not in the document (" + e.route() + ")");
                continue;
            }
            exercised.add(e.route());
            JsonNode requestSchema = ContractDocument.requestSchema(doc, e.route());
            if (e.status() < 400 && !requestSchema.isMissingNode()) {
                ContractDocument.validate(doc, requestSchema, e.requestBody(), where + " request", violations);
            }
            checkResponse(doc, e, where, violations);
        }
        assertThat(violations).isEmpty();
        assertThat(exercised).as("the scenario exercises every documented route").isEqualTo(documented);
    }

    /**
     * The server refuses a request field it does not know, on every route: each request of the scenario
     * it accepted with a body, sent again at once with a field no document has, is refused with a 400
     * naming the field (the other side of the tolerant reader: a client's typo or a newer client's field
     * fails loudly instead of being ignored).
     */
    @Test
    void everyRouteRefusesARequestFieldItDoesNotKnow() {
        List<String> accepted = new ArrayList<>();
        Set<String> refused = new TreeSet<>();
        for (UnknownFieldReplay r : replays) {
            accepted.addAll(r.accepted());
            refused.addAll(r.refused());
        }
        assertThat(accepted).as("requests accepted with a field no document has").isEmpty();
        Set<String> withBody = new TreeSet<>();
        for (String route : ContractDocument.routes(doc)) {
            if (!ContractDocument.requestSchema(doc, route).isMissingNode()) {
                withBody.add(route);
            }
        }
        // the dispatch and placement parts (their own files) are not replayed; everything else with a body is
        assertThat(refused).hasSizeGreaterThan(withBody.size() * 2 / 3);
        assertThat(ContractDocument.routes(doc)).containsAll(refused);
    }

    /** The answer: a documented status (exact, its range or default), content type and body schema. */
    private static void checkResponse(JsonNode doc, DeltacatServer.Exchange e, String where, List<String> violations) {
        JsonNode responses = ContractDocument.operation(doc, e.route()).path("responses");
        String range = (e.status() / 100) + "XX";
        JsonNode response = responses.has(String.valueOf(e.status())) ? responses.get(String.valueOf(e.status()))
                : responses.has(range) ? responses.get(range) : responses.get("default");
        if (response == null) {
            violations.add(where + ": status not documented");
            return;
        }
        if (response.has("$ref")) {
            response = ContractDocument.resolve(doc, response.get("$ref").asText());
        }
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            if (e.responseBody().length > 0) {
                violations.add(where + ": documented without a body but sent one");
            }
            return;
        }
        String type = e.responseContentType().split(";")[0].trim();
        if (!content.has(type)) {
            violations.add(where + ": content type " + type + " not documented (" + content.fieldNames().next() + ")");
            return;
        }
        ContractDocument.validate(doc, content.get(type).path("schema"), e.responseBody(), where + " response",
                violations);
    }
}
