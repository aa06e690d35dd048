package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.Formats;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of bad input sent to a running server over real HTTP: hostile names and paths, broken
 * and oversized bodies, bad headers, malformed predicates, lying manifests, misused idempotency
 * keys. Every request must be answered 4xx with problem+json, and the catalog and the files on
 * storage must be exactly as they were before the corpus ran.
 */
class BadInputCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Fixture fx;
    private final HttpClient http = HttpClient.newHttpClient();
    private String base;
    private String writeId;
    private long realSize;

    /** One bad request. */
    private record Bad(String method, String path, String body, Map<String, String> headers) {
        Bad(String method, String path, String body) {
            this(method, path, body, Map.of());
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        fx = new Fixture(dir);
        base = fx.server.uri().toString().replaceAll("/$", "");
        try (VectorSchemaRoot rows = Users.of(fx.allocator, List.of(Users.u(1, "a", 1), Users.u(2, "b", 2),
                Users.u(3, "c", 3)))) {
            fx.client.catalog().write(rows, w -> w.table("cats"));
        }
        fx.client.catalog().createNamespace("zoo");
        assertThat(send(new Bad("POST", "/v1/namespaces", "{\"name\":\"idemA\"}", Map.of("Idempotency-Key", "K1")))
                .statusCode()).isEqualTo(201);
        // an open write with one real file and one file of junk staged
        JsonNode session = JSON.readTree(send(new Bad("POST", "/v1/namespaces/default/tables/cats/writes",
                "{\"mode\":\"append\",\"schema\":" + Users.SCHEMA.toJson() + "}")).body());
        writeId = session.path("writeId").asText();
        String staging = session.path("stagingUri").asText();
        try (VectorSchemaRoot rows = Users.of(fx.allocator, List.of(Users.u(10, "j", 1), Users.u(11, "k", 2)));
             FormatWriter w = Formats.require("parquet").openWriter(Fixture.storage(staging)
                     .outputFile(staging + "real.parquet"), Users.SCHEMA, Map.of(), fx.allocator)) {
            w.write(rows);
            realSize = w.finish().sizeBytes();
        }
        try (var junk = Fixture.storage(staging).outputFile(staging + "junk.parquet").create()) {
            junk.write(new byte[(int) realSize]);
        }
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private HttpResponse<String> send(Bad b) throws Exception {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(base + b.path()))
                .header("Content-Type", "application/json");
        b.headers().forEach(rb::header);
        rb.timeout(Duration.ofSeconds(30));
        HttpRequest.BodyPublisher body = b.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(b.body().getBytes(StandardCharsets.UTF_8));
        return http.send(rb.method(b.method(), body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String manifest(String path, long size, long rows, String extra) {
        return "{\"commitId\":\"" + UUID.randomUUID() + "\",\"files\":[{\"path\":\"" + path
                + "\",\"format\":\"parquet\",\"rowCount\":" + rows + ",\"sizeBytes\":" + size + extra + "}]}";
    }

    private List<Bad> corpus() {
        List<Bad> c = new ArrayList<>();
        String ns = "/v1/namespaces";
        // names
        for (String name : List.of("\"\"", "\".\"", "\"..\"", "\".deltacat\"", "\"a/b\"", "\"a\\\\b\"",
                "\"" + "x".repeat(300) + "\"", "\"\\u0000\"", "\"\\ud800\"", "123", "null", "[]", "\"zoo\"")) {
            c.add(new Bad("POST", ns, "{\"name\":" + name + "}"));
        }
        c.add(new Bad("POST", ns, "{}"));
        c.add(new Bad("POST", ns, "{\"name\":\"ok1\",\"unknown\":1}"));
        // paths
        for (String p : List.of("/v1/namespaces/%2e%2e", "/v1/namespaces/..%2F..",
                "/v1/namespaces/.deltacat/tables", "/v1/namespaces/default/tables/%00",
                "/v1/namespaces/default/tables/ghost", "/v1/nothing", "/v1/writes/ghost")) {
            c.add(new Bad("GET", p, null));
        }
        c.add(new Bad("DELETE", "/v1/namespaces/default", null));
        c.add(new Bad("DELETE", "/v1/namespaces/zoo/tables/..", null));
        c.add(new Bad("POST", "/v1/namespaces/default/tables/%2F..%2F/writes",
                "{\"mode\":\"auto\",\"schema\":" + Users.SCHEMA.toJson() + "}"));
        // bodies
        for (String body : List.of("", "{", "[]", "null", "{}x", "{\"name\":\"d1\",\"name\":\"d2\"}",
                "[".repeat(5000) + "]".repeat(5000), "{\"name\":\"" + "\\".repeat(3) + "\"}")) {
            c.add(new Bad("POST", ns, body));
        }
        c.add(new Bad("POST", "/v1/namespaces/default/tables", "{\"name\":\"t1\",\"schema\":{\"fields\":7}}"));
        c.add(new Bad("POST", "/v1/namespaces/default/tables", "{\"name\":\"t2\",\"schema\":"
                + Users.SCHEMA.toJson() + ",\"format\":\"Parquet!\"}"));
        c.add(new Bad("POST", "/v1/namespaces/default/tables", "{\"name\":\"t3\",\"schema\":"
                + Users.SCHEMA.toJson() + ",\"format\":\"nosuchformat\"}"));
        // headers
        c.add(new Bad("POST", ns, "{\"name\":\"h1\"}", Map.of("Idempotency-Key", "k".repeat(129))));
        // predicates and plan requests
        String plan = "/v1/namespaces/default/tables/cats/plan";
        for (String filter : List.of("{\"near\":[\"id\",1]}", "{\"eq\":[\"ghost\",1]}", "{\"eq\":[\"id\"]}",
                "{\"in\":[\"id\",\"x\"]}", "{\"eq\":[\"id\",\"abc\"]}", "\"id = 1\"",
                "{\"eq\":[\"id\",1],\"ne\":[\"id\",2]}", "{\"not\":".repeat(3000) + "{\"eq\":[\"id\",1]}"
                        + "}".repeat(3000), "{\"like\":[\"name\",5]}", "{\"between\":[\"id\",1]}")) {
            c.add(new Bad("POST", plan, "{\"filter\":" + filter + "}"));
        }
        c.add(new Bad("POST", plan, "{\"columns\":[\"ghost\"]}"));
        c.add(new Bad("POST", plan, "{\"columns\":\"id\"}"));
        c.add(new Bad("POST", plan, "{\"limit\":-1}"));
        c.add(new Bad("POST", plan, "{\"limit\":\"x\"}"));
        c.add(new Bad("POST", plan, "{\"asOf\":1}"));
        // manifests that lie
        String commit = "/v1/writes/" + writeId + "/commit";
        c.add(new Bad("POST", commit, "{\"commitId\":\"c\"}"));
        for (String path : List.of("../real.parquet", "/etc/passwd", "a/b.parquet", ".", "missing.parquet")) {
            c.add(new Bad("POST", commit, manifest(path, realSize, 2, "")));
        }
        c.add(new Bad("POST", commit, manifest("real.parquet", realSize + 1, 2, "")));
        c.add(new Bad("POST", commit, manifest("real.parquet", realSize, 1_000_000, "")));
        c.add(new Bad("POST", commit, manifest("real.parquet", realSize, -1, "")));
        c.add(new Bad("POST", commit, manifest("real.parquet", -1, 2, "")));
        c.add(new Bad("POST", commit, manifest("junk.parquet", realSize, 2, "")));
        c.add(new Bad("POST", commit, manifest("real.parquet", realSize, 2,
                ",\"columns\":{\"ghost\":{\"nullCount\":0}}")));
        c.add(new Bad("POST", commit, "{\"commitId\":\"c\",\"files\":[{\"path\":\"real.parquet\",\"format\":"
                + "\"orc\",\"rowCount\":2,\"sizeBytes\":" + realSize + "}]}"));
        c.add(new Bad("POST", commit, "{\"commitId\":\"c\",\"files\":[{\"path\":\"real.parquet\",\"format\":"
                + "\"parquet\",\"rowCount\":\"two\",\"sizeBytes\":" + realSize + "}]}"));
        c.add(new Bad("POST", "/v1/writes/ghost/commit", manifest("real.parquet", realSize, 2, "")));
        // idempotency misuse: the key of idemA's creation, with another body and on another route
        c.add(new Bad("POST", ns, "{\"name\":\"idemB\"}", Map.of("Idempotency-Key", "K1")));
        c.add(new Bad("DELETE", "/v1/namespaces/idemA", null, Map.of("Idempotency-Key", "K1")));
        // transactions and jobs
        c.add(new Bad("POST", "/v1/transactions", "{\"message\":\"m\",\"ttlMs\":-1}"));
        c.add(new Bad("POST", "/v1/transactions/ghost/commit", "{}"));
        c.add(new Bad("POST", "/v1/jobs/ghost/complete", "{\"fencingToken\":1}"));
        c.add(new Bad("POST", "/v1/jobs", "{\"type\":\"\"}"));
        c.add(new Bad("POST", "/v1/jobs/claim", "{\"workerTags\":\"x\"}"));
        return c;
    }

    @Test
    void everyBadRequestIsA4xxProblemAndChangesNothing() throws Exception {
        Map<String, Object> before = snapshot();
        List<String> failures = new ArrayList<>();
        for (Bad b : corpus()) {
            HttpResponse<String> r = send(b);
            String what = b.method() + " " + b.path() + " " + abbreviate(b.body()) + " -> " + r.statusCode() + " "
                    + abbreviate(r.body());
            if (r.statusCode() < 400 || r.statusCode() >= 500) {
                failures.add("not a 4xx: " + what);
                continue;
            }
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("application/problem+json")) {
                failures.add("not problem+json (" + type + "): " + what);
                continue;
            }
            JsonNode problem = JSON.readTree(r.body());
            if (!problem.path("type").asText().startsWith("urn:deltacat:problem:")
                    || problem.path("status").asInt() != r.statusCode() || r.body().contains("\tat ")) {
                failures.add("not a clean problem: " + what);
            }
        }
        // a body over the limit is refused from its declared length, before it is read; a plain
        // client would race the answer with its upload, so this one declares 9 MiB and sends none
        String oversized = declaredOnly("POST", "/v1/namespaces", 9 << 20);
        if (!oversized.startsWith("HTTP/1.1 413") || !oversized.contains("application/problem+json")
                || !oversized.contains("urn:deltacat:problem:payload-too-large")) {
            failures.add("oversized body not a 413 problem: " + abbreviate(oversized));
        }
        assertThat(failures).isEmpty();
        assertThat(snapshot()).isEqualTo(before);
    }

    /** Sends a request's head declaring {@code length} body bytes, sends none, and reads the answer. */
    private String declaredOnly(String method, String path, long length) throws Exception {
        URI uri = URI.create(base);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write((method + " " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            StringBuilder answer = new StringBuilder();
            byte[] buf = new byte[8192];
            InputStream in = socket.getInputStream();
            for (int n; (n = in.read(buf)) > 0 && answer.length() < 65536; ) {
                answer.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                if (answer.indexOf("\r\n\r\n") >= 0 && answer.indexOf("}") > answer.indexOf("\r\n\r\n")) {
                    break; // the whole problem body is in
                }
            }
            return answer.toString();
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

    /** The catalog as the API shows it and every file under the data root (with its size). */
    private Map<String, Object> snapshot() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        JsonNode namespaces = JSON.readTree(send(new Bad("GET", "/v1/namespaces", null)).body());
        out.put("namespaces", namespaces);
        for (JsonNode n : namespaces.path("namespaces")) {
            String name = n.path("name").asText();
            out.put("tables " + name, JSON.readTree(send(new Bad("GET", "/v1/namespaces/" + name + "/tables",
                    null)).body()));
        }
        out.put("write", JSON.readTree(send(new Bad("GET", "/v1/writes/" + writeId, null)).body()));
        out.put("plan", JSON.readTree(send(new Bad("POST", "/v1/namespaces/default/tables/cats/plan", "{}"))
                .body()).path("files"));
        out.put("jobs", JSON.readTree(send(new Bad("GET", "/v1/jobs", null)).body()));
        Map<String, Long> files = new TreeMap<>();
        for (String uri : fx.dataFiles()) {
            files.put(uri, Fixture.storage(uri).size(uri));
        }
        out.put("files", files);
        return out;
    }
}
