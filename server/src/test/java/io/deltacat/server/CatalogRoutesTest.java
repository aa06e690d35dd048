package io.deltacat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CatalogRoutesTest extends ServerTestSupport {

    @BeforeEach
    void startServer() {
        start(b -> b.maxBodyBytes(4096).catalogName("main"));
    }

    @Test
    void configListsExactlyTheServedRoutes() {
        Resp r = get("/v1/config");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        List<String> endpoints = new ArrayList<>();
        r.body().get("endpoints").forEach(e -> endpoints.add(e.asText()));
        assertThat(endpoints).isEqualTo(server.routes()).contains("GET /v1/namespaces/{namespace}",
                "POST /v1/writes/{writeId}/commit");
        assertThat(r.text("apiVersion")).isEqualTo("1");
        assertThat(r.body().get("defaults").get("catalog").asText()).isEqualTo("main");
        JsonNode root = r.body().get("roots").get(0);
        assertThat(root.get("uri").asText()).startsWith("file:/").endsWith("/");
        assertThat(root.get("default").asBoolean()).isTrue();

        assertThat(get("/v1/catalogs/main").status()).isEqualTo(200);
        assertProblem(get("/v1/catalogs/other"), 404, "not-found", "other");
    }

    @Test
    void namespaceLifecycle() {
        Resp created = post("/v1/namespaces", obj().put("name", "robotics").set("properties", obj().put("owner", "me")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("name")).isEqualTo("robotics");
        assertThat(created.body().get("properties").get("owner").asText()).isEqualTo("me");
        assertThat(created.body().get("createdAt").asLong()).isPositive();

        assertProblem(post("/v1/namespaces", obj().put("name", "robotics")), 409, "already-exists", "robotics");
        assertThat(get("/v1/namespaces/robotics").text("name")).isEqualTo("robotics");
        List<String> names = new ArrayList<>();
        get("/v1/namespaces").body().get("namespaces").forEach(n -> names.add(n.get("name").asText()));
        assertThat(names).containsExactly("default", "robotics");

        assertThat(post("/v1/namespaces/robotics/tables", createTableBody("episodes")).status()).isEqualTo(201);
        assertProblem(delete("/v1/namespaces/robotics"), 409, "conflict", "not empty");
        assertThat(delete("/v1/namespaces/robotics?cascade=true").status()).isEqualTo(204);
        assertProblem(get("/v1/namespaces/robotics"), 404, "not-found", "robotics");
        assertProblem(delete("/v1/namespaces/robotics"), 404, "not-found");
        assertProblem(delete("/v1/namespaces/default"), 409, "conflict", "default");
        // recreated namespace is empty
        assertThat(post("/v1/namespaces", obj().put("name", "robotics")).status()).isEqualTo(201);
        assertThat(get("/v1/namespaces/robotics/tables").body().get("tables")).isEmpty();
    }

    @Test
    void tableLifecycle() {
        assertProblem(post("/v1/namespaces/nope/tables", createTableBody("t")), 404, "not-found", "nope");
        ObjectNode auto = createTableBody("t");
        auto.put("autoCreateNamespace", true);
        Resp created = post("/v1/namespaces/nope/tables", auto);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("format")).isEqualTo("parquet");
        assertThat(created.body().get("rowCount").asLong()).isZero();
        assertThat(created.body().has("latestCommitTime")).isFalse();
        assertThat(created.body().get("schema").get("fields").get(0).get("name").asText()).isEqualTo("id");

        assertProblem(post("/v1/namespaces/nope/tables", createTableBody("t")), 409, "already-exists", "t");
        assertThat(get("/v1/namespaces/nope/tables/t").text("name")).isEqualTo("t");
        assertThat(get("/v1/namespaces/nope/tables").body().get("tables")).hasSize(1);
        assertThat(delete("/v1/namespaces/nope/tables/t").status()).isEqualTo(204);
        assertProblem(get("/v1/namespaces/nope/tables/t"), 404, "not-found", "t");
        assertProblem(delete("/v1/namespaces/nope/tables/t"), 404, "not-found");
        // a dropped name can be reused
        assertThat(post("/v1/namespaces/nope/tables", createTableBody("t")).status()).isEqualTo(201);

        ObjectNode badFormat = createTableBody("u");
        badFormat.put("format", "Parquet!");
        assertProblem(post("/v1/namespaces/default/tables", badFormat), 400, "invalid-request", "Parquet!");
        ObjectNode badSchema = obj().put("name", "u");
        badSchema.set("schema", obj().put("fields", "nope"));
        assertProblem(post("/v1/namespaces/default/tables", badSchema), 400, "invalid-request", "schema");
    }

    @Test
    void badNamesAreRefusedWithTheRule() {
        assertProblem(post("/v1/namespaces", obj().put("name", "..")), 400, "invalid-request", "'..'");
        assertProblem(post("/v1/namespaces", obj().put("name", ".")), 400, "invalid-request");
        assertProblem(post("/v1/namespaces", obj().put("name", "")), 400, "invalid-request", "empty");
        assertProblem(post("/v1/namespaces", obj().put("name", "a/b")), 400, "invalid-request", "'/'");
        assertProblem(post("/v1/namespaces", obj().put("name", "a\\b")), 400, "invalid-request");
        assertProblem(post("/v1/namespaces", obj().put("name", "a\u0001b")), 400, "invalid-request", "control");
        assertProblem(post("/v1/namespaces", "{\"name\": \"a\\ud800b\"}"), 400, "invalid-request", "surrogate");
        assertProblem(post("/v1/namespaces", obj().put("name", "x".repeat(256))), 400, "invalid-request", "256", "255");
        assertThat(post("/v1/namespaces", obj().put("name", "x".repeat(255))).status()).isEqualTo(201);
        // "é" is two UTF-8 bytes: 128 of them are 256 bytes
        assertProblem(post("/v1/namespaces", obj().put("name", "é".repeat(128))), 400, "invalid-request", "255");

        // in the path: an encoded slash stays inside the name and is refused
        assertProblem(get("/v1/namespaces/a%2Fb"), 400, "invalid-request", "a/b");
        assertProblem(get("/v1/namespaces/%2E%2E"), 400, "invalid-request", "'..'");
        assertProblem(get("/v1/namespaces/a%01b"), 400, "invalid-request", "control");
        assertProblem(get("/v1/namespaces/default/tables/a%5Cb"), 400, "invalid-request");

        // names with spaces and unicode round-trip through percent-encoding
        assertThat(post("/v1/namespaces", obj().put("name", "my space é+")).status()).isEqualTo(201);
        assertThat(get("/v1/namespaces/my%20space%20%C3%A9+").text("name")).isEqualTo("my space é+");
    }

    @Test
    void malformedRequestsAreInvalid() {
        assertProblem(post("/v1/namespaces", "{\"name\": "), 400, "invalid-request", "malformed JSON");
        assertProblem(post("/v1/namespaces", "[1]"), 400, "invalid-request", "object");
        assertProblem(post("/v1/namespaces", "{\"name\":\"a\",\"name\":\"b\"}"), 400, "invalid-request");
        assertProblem(post("/v1/namespaces", ""), 400, "invalid-request", "required");
        assertProblem(post("/v1/namespaces", obj()), 400, "invalid-request", "'name'");
        assertProblem(post("/v1/namespaces", obj().put("name", 7)), 400, "invalid-request", "'name'", "string");
        assertProblem(post("/v1/namespaces", obj().put("name", "a").put("colour", "red")), 400, "invalid-request",
                "unknown field 'colour'");
        assertProblem(post("/v1/namespaces", obj().put("name", "a").set("properties", obj().put("k", 1))),
                400, "invalid-request", "'k'");
        assertProblem(delete("/v1/namespaces/default?cascade=maybe"), 400, "invalid-request", "cascade");
    }

    @Test
    void unknownRoutesMethodsAndLargeBodies() {
        assertProblem(get("/v1/nothing"), 404, "not-found");
        assertProblem(get("/v2/config"), 404, "not-found");
        assertProblem(get("/v1/namespaces/"), 400, "invalid-request", "empty");
        assertProblem(get("/v1/namespaces/default/tables/t/extra"), 404, "not-found");
        Resp wrongMethod = send("PUT", "/v1/namespaces", "{}", null);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.contentType()).startsWith("application/problem+json");
        assertThat(wrongMethod.text("detail")).contains("GET", "POST");
        assertThat(delete("/v1/config").status()).isEqualTo(405);

        String big = obj().put("name", "x").set("properties", obj().put("pad", "p".repeat(10_000))).toString();
        assertProblem(post("/v1/namespaces", big), 413, "payload-too-large", "4096");
        assertProblem(get("/v1/namespaces/x"), 404, "not-found");
    }

    @Test
    void requestsJettyRefusesStillGetProblems() throws Exception {
        // the JDK client cannot send a malformed escape; a raw socket can
        for (String path : List.of("/v1/namespaces/bad%ZZ", "/v1/namespaces/%C3%28")) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
                socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: application/problem+json")
                        .contains("urn:deltacat:problem:invalid-request");
            }
        }
    }

    @Test
    void aStreamedBodyOverTheLimitIsRefused() throws Exception {
        byte[] big = ("{\"name\":\"x\",\"properties\":{\"pad\":\"" + "p".repeat(10_000) + "\"}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.uri() + "/v1/namespaces"))
                .header("Content-Type", "application/json")
                // an input-stream publisher has no length: the body goes chunked, without Content-Length
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                .build();
        java.net.http.HttpResponse<String> r = http.send(req, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(r.body()).get("type").asText()).isEqualTo("urn:deltacat:problem:payload-too-large");
        assertProblem(get("/v1/namespaces/x"), 404, "not-found");
    }

    /**
     * A 413 leaves the rest of the body unread, so it closes the connection and says so: a client that
     * kept it would send its next request onto a connection the server drops (the JDK client then fails
     * with "header parser received no bytes", as ContractTest once did right after its 413 case).
     */
    @Test
    void aBodyOverTheLimitClosesTheConnectionAndSaysSo() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /v1/namespaces HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 10000\r\n\r\n{\"name\":\"")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            StringBuilder head = new StringBuilder();
            java.io.InputStream in = socket.getInputStream();
            while (head.indexOf("\r\n\r\n") < 0) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close");
        }
        assertProblem(get("/v1/namespaces/x"), 404, "not-found");
    }
}
