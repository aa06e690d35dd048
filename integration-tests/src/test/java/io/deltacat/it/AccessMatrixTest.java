package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.deltacat.api.AuthClient;
import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.model.NamespaceRole;
import io.deltacat.api.model.UserRole;
import io.deltacat.auth.TokenProviders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks every operation of {@code openapi/deltacat-api.yaml} as each role on a server with users and
 * checks the answer against the access matrix below: 403 where the role lacks the right, anything
 * but 401/403 where it has it (the request itself may still be a 400 or 404: the path parameters are
 * real where a rule depends on them, the bodies are empty). An operation of the document missing from
 * the matrix fails the test, so a new route needs its rule decided here as well as on the server.
 */
class AccessMatrixTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String BOOTSTRAP = "dct_" + "A".repeat(43);

    /** Who may call an operation. */
    enum Need { ANYONE, ANY_USER, ADMIN, WORKER, READER, WRITER, OWNER, TX_OWNER, SELF, SUBMIT }

    /** The callers, each a user with one role ("ns" is the namespace the path names). */
    enum Caller { ADMIN, WORKER, OWNER, WRITER, READER, STRANGER }

    private static final Map<String, Need> MATRIX = new TreeMap<>();

    static {
        need(Need.ANYONE, "GET /v1/config");
        need(Need.ANY_USER, "GET /v1/catalogs/{catalog}", "GET /v1/namespaces", "GET /v1/auth/whoami",
                "POST /v1/transactions", "GET /v1/jobs/{jobId}");
        need(Need.ADMIN, "POST /v1/namespaces", "GET /v1/users", "POST /v1/users", "POST /v1/users/{user}/disable",
                "POST /v1/users/{user}/enable", "GET /v1/jobs", "POST /v1/jobs/{jobId}/cancel", "POST /v1/nodes",
                "DELETE /v1/nodes/{nodeId}", "POST /v1/nodes/{nodeId}/pause", "POST /v1/nodes/{nodeId}/resume",
                "POST /v1/nodes/{nodeId}/trigger", "POST /v1/nodes/{nodeId}/watermark", "POST /v1/pipelines",
                "DELETE /v1/pipelines/{pipelineId}", "POST /v1/pipelines/{pipelineId}/pause",
                "POST /v1/pipelines/{pipelineId}/resume", "POST /v1/dispatch/{mode}/payloads",
                // the rule is admin or owner of every namespace the run writes to: the matrix's job is no
                // run, so admins only (ray-dispatch's RayAccessHelpersTest checks owners of a real run)
                "GET /v1/jobs/{jobId}/dispatch-access", "POST /v1/jobs/{jobId}/dispatch-commands");
        need(Need.WORKER, "POST /v1/jobs/claim", "POST /v1/jobs/batch", "POST /v1/jobs/batch/claim",
                "POST /v1/jobs/batch/end", "GET /v1/jobs/{jobId}/events", "POST /v1/jobs/{jobId}/events",
                "POST /v1/jobs/{jobId}/heartbeat", "POST /v1/jobs/{jobId}/complete", "POST /v1/jobs/{jobId}/fail",
                "GET /v1/jobs/{jobId}/inputs", "POST /v1/writes/{writeId}/prepare", "GET /v1/nodes",
                "GET /v1/nodes/{nodeId}", "GET /v1/nodes/{nodeId}/watermark", "POST /v1/pipelines/discover",
                "GET /v1/pipelines", "GET /v1/pipelines/{pipelineId}", "GET /v1/pipelines/{pipelineId}/status");
        need(Need.READER, "GET /v1/namespaces/{namespace}", "GET /v1/namespaces/{namespace}/tables",
                "GET /v1/namespaces/{namespace}/tables/{table}", "POST /v1/namespaces/{namespace}/tables/{table}/plan",
                "POST /v1/namespaces/{namespace}/tables/{table}/credentials",
                "GET /v1/namespaces/{namespace}/tables/{table}/replication");
        need(Need.WRITER, "POST /v1/namespaces/{namespace}/tables", "POST /v1/namespaces/{namespace}/tables/{table}/writes",
                "GET /v1/writes/{writeId}", "DELETE /v1/writes/{writeId}", "POST /v1/writes/{writeId}/commit",
                "POST /v1/writes/{writeId}/credentials", "POST /v1/writes/{writeId}/uploads");
        need(Need.OWNER, "DELETE /v1/namespaces/{namespace}", "DELETE /v1/namespaces/{namespace}/tables/{table}",
                "POST /v1/namespaces/{namespace}/tables/{table}/alter",
                "POST /v1/namespaces/{namespace}/tables/{table}/rename",
                "POST /v1/namespaces/{namespace}/tables/{table}/undrop", "GET /v1/namespaces/{namespace}/grants",
                "POST /v1/namespaces/{namespace}/grants", "DELETE /v1/namespaces/{namespace}/grants/{user}",
                "POST /v1/namespaces/{namespace}/tables/{table}/placements",
                "DELETE /v1/namespaces/{namespace}/tables/{table}/placements/{root}");
        need(Need.TX_OWNER, "GET /v1/transactions/{transactionId}", "DELETE /v1/transactions/{transactionId}",
                "POST /v1/transactions/{transactionId}/heartbeat", "POST /v1/transactions/{transactionId}/commit");
        need(Need.SELF, "GET /v1/users/{user}", "GET /v1/users/{user}/tokens", "POST /v1/users/{user}/tokens",
                "DELETE /v1/users/{user}/tokens/{tokenId}");
        need(Need.SUBMIT, "POST /v1/jobs");
    }

    private static void need(Need need, String... operations) {
        for (String op : operations) {
            MATRIX.put(op, need);
        }
    }

    /** Whether {@code caller} may call an operation that needs {@code need}, on namespace "ns". */
    private static boolean allowed(Need need, Caller caller) {
        if (caller == Caller.ADMIN) {
            return true;
        }
        return switch (need) {
            case ANYONE, ANY_USER -> true;
            case ADMIN -> false;
            case WORKER -> caller == Caller.WORKER;
            case READER -> Set.of(Caller.OWNER, Caller.WRITER, Caller.READER).contains(caller);
            case WRITER -> Set.of(Caller.OWNER, Caller.WRITER).contains(caller);
            case OWNER -> caller == Caller.OWNER;
            // the transaction in the path was begun by the writer; the user in the path is the caller
            case TX_OWNER -> caller == Caller.WRITER;
            case SELF -> true;
            // the submission's body is a compaction of a table of "ns"
            case SUBMIT -> Set.of(Caller.OWNER, Caller.WRITER).contains(caller);
        };
    }

    @TempDir
    Path dir;
    Fixture fx;
    final Map<Caller, String> tokens = new LinkedHashMap<>();
    final Map<String, String> ids = new LinkedHashMap<>();

    @BeforeEach
    void start() {
        fx = new Fixture(dir, b -> b.users(true).bootstrapToken(BOOTSTRAP));
        DeltacatClient admin = connect(BOOTSTRAP);
        AuthClient auth = admin.auth();
        tokens.put(Caller.ADMIN, BOOTSTRAP);
        admin.catalog().createNamespace("ns");
        admin.catalog().createTable(t -> t.namespace("ns").table("t").schema(Cats.SCHEMA));
        for (Caller c : Caller.values()) {
            if (c == Caller.ADMIN) {
                continue;
            }
            String name = c.name().toLowerCase();
            auth.createUser(name, c == Caller.WORKER ? UserRole.WORKER : UserRole.USER);
            tokens.put(c, auth.issueToken(name, "matrix", null).secret());
            switch (c) {
                case OWNER -> auth.grant("ns", name, NamespaceRole.OWNER);
                case WRITER -> auth.grant("ns", name, NamespaceRole.WRITER);
                case READER -> auth.grant("ns", name, NamespaceRole.READER);
                default -> { }
            }
        }
        // real ids where a rule reads them: a write to ns, and a transaction the writer began
        JsonNode write = send(Caller.ADMIN, "POST", "/v1/namespaces/ns/tables/t/writes",
                "{\"mode\":\"append\",\"schema\":" + Cats.SCHEMA.toJson() + "}").body;
        ids.put("writeId", write.path("writeId").asText());
        ids.put("transactionId", send(Caller.WRITER, "POST", "/v1/transactions", "{}").body.path("transactionId")
                .asText());
        ids.put("jobId", "no-such-job");
        ids.put("nodeId", "no-such-node");
        ids.put("pipelineId", "no-such-pipeline");
        ids.put("tokenId", "tok_0000000000000000");
        ids.put("catalog", "default");
        ids.put("namespace", "ns");
        ids.put("table", "t");
        ids.put("mode", "ray");
        ids.put("root", "default");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private DeltacatClient connect(String token) {
        return DeltacatClient.connect(ClientConfig.builder().uri(fx.server.uri().toString())
                .tokenProvider(TokenProviders.ofToken(token)).allocator(fx.allocator).build());
    }

    record Answer(int status, JsonNode body, String raw) {
    }

    private Answer send(Caller caller, String method, String path, String body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fx.server.uri() + path))
                    .header("Content-Type", "application/json");
            if (caller != null) {
                b.header("Authorization", "Bearer " + tokens.get(caller));
            }
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode n = r.body().isEmpty() ? YAML.createObjectNode() : new ObjectMapper().readTree(r.body());
            return new Answer(r.statusCode(), n, r.body());
        } catch (Exception e) {
            throw new AssertionError(method + " " + path, e);
        }
    }

    private List<String> documentedOperations() throws Exception {
        JsonNode doc = YAML.readTree(Path.of(System.getProperty("deltacat.openapi", "../openapi/deltacat-api.yaml"))
                .toFile());
        List<String> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (String method : List.of("get", "post", "delete", "put", "patch")) {
                if (path.getValue().has(method)) {
                    out.add(method.toUpperCase() + " " + path.getKey());
                }
            }
        }
        return out;
    }

    @Test
    void everyDocumentedOperationAnswersAsTheMatrixSaysForEveryRole() throws Exception {
        List<String> operations = documentedOperations();
        assertThat(operations).as("every documented operation has a row in the matrix")
                .allSatisfy(op -> assertThat(MATRIX).containsKey(op));
        List<String> wrong = new ArrayList<>();
        for (String op : operations) {
            String method = op.substring(0, op.indexOf(' '));
            String template = op.substring(op.indexOf(' ') + 1);
            // destructive admin operations last would change later rows: each caller runs on the same
            // fixture, so forbidden callers go first and only then the allowed ones
            List<Caller> order = new ArrayList<>();
            for (Caller c : Caller.values()) {
                if (!allowed(MATRIX.get(op), c)) {
                    order.add(c);
                }
            }
            for (Caller c : Caller.values()) {
                if (allowed(MATRIX.get(op), c) && c != Caller.ADMIN) {
                    order.add(c);
                }
            }
            for (Caller caller : order) {
                String path = template;
                for (Map.Entry<String, String> id : ids.entrySet()) {
                    path = path.replace("{" + id.getKey() + "}", id.getValue());
                }
                // a user's own resources for the user routes; in a namespace's grants, a user without
                // one (so an owner does not revoke its own grant half way through the walk)
                path = path.replace("{user}", template.startsWith("/v1/namespaces/") ? "stranger"
                        : caller.name().toLowerCase());
                String body = method.equals("GET") || method.equals("DELETE") ? null
                        : op.equals("POST /v1/jobs") ? "{\"type\":\"compaction\",\"context\":{\"namespace\":\"ns\","
                        + "\"table\":\"t\"}}" : "{}";
                Answer a = send(caller, method, path, body);
                boolean expected = allowed(MATRIX.get(op), caller);
                boolean refused = a.status == 401 || a.status == 403;
                if (expected == refused) {
                    wrong.add(op + " as " + caller + ": expected " + (expected ? "allowed" : "403") + ", got "
                            + a.status + " " + a.raw);
                }
            }
        }
        assertThat(wrong).as("answers that disagree with the matrix").isEmpty();
    }

    @Test
    void withoutATokenOnlyTheConfigAnswers() throws Exception {
        for (String op : documentedOperations()) {
            String method = op.substring(0, op.indexOf(' '));
            String path = op.substring(op.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "x");
            int status = send(null, method, path, method.equals("GET") || method.equals("DELETE") ? null : "{}").status;
            if (op.equals("GET /v1/config")) {
                assertThat(status).isEqualTo(200);
            } else {
                assertThat(status).as(op).isEqualTo(401);
            }
        }
    }
}
