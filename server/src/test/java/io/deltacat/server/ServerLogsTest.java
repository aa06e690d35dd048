package io.deltacat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the server logs: one access line per request with the id it returns in {@code X-Request-Id},
 * client errors without stack traces, server errors with one, a clear refusal of a taken port, and a
 * line at shutdown.
 */
class ServerLogsTest extends ServerTestSupport {
    private static final String ACCESS = "io.deltacat.server.access";

    @TempDir
    Path otherRoot;

    private HttpResponse<String> raw(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.uri() + path))
                .header("DeltaCAT-Client-Version", "0.1.0");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String requestId(HttpResponse<String> r) {
        return r.headers().firstValue("X-Request-Id").orElseThrow(() -> new AssertionError("no X-Request-Id header"));
    }

    @Test
    void everyRequestHasOneAccessLineWithItsIdAndNoSecrets() throws Exception {
        token = "s3cret-token-value";
        start(b -> b.authToken(token));
        try (LogCapture logs = new LogCapture()) {
            HttpResponse<String> created = raw("POST", "/v1/namespaces", "{\"name\":\"body_only_name\"}");
            HttpResponse<String> missing = raw("GET", "/v1/namespaces/nope", null);
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(missing.statusCode()).isEqualTo(404);
            String createdId = requestId(created);
            String missingId = requestId(missing);
            assertThat(createdId).isNotEqualTo(missingId);

            List<String> createdLines = logs.lines(createdId);
            assertThat(createdLines).hasSize(1);
            assertThat(createdLines.get(0)).contains(ACCESS, "POST /v1/namespaces 201 ", "ms");
            // a client error: its access line (with the route template, not the path) and nothing else
            List<String> missingLines = logs.lines(missingId);
            assertThat(missingLines).hasSize(1);
            assertThat(missingLines.get(0)).contains(ACCESS, "GET /v1/namespaces/{namespace} 404 ");
            assertThat(logs.stackFrames()).as("client errors log no stack trace").isZero();
            assertThat(logs.text()).doesNotContain(token).doesNotContain("body_only_name");
        }
    }

    @Test
    void aServerErrorIsLoggedOnceWithItsStackTraceAndItsRequestId() throws Exception {
        start();
        assertThat(post("/v1/namespaces/default/tables", createTableBody("t")).status()).isEqualTo(201);
        // break the stored schema behind the server's back, so reading the table fails unexpectedly
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + root.resolve(".deltacat/metadata.db"));
             Statement s = c.createStatement()) {
            s.execute("UPDATE tables SET schema_json = 'not json' WHERE name = 't'");
        }
        try (LogCapture logs = new LogCapture()) {
            HttpResponse<String> r = raw("GET", "/v1/namespaces/default/tables/t", null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
            String id = requestId(r);
            assertThat(r.body()).contains(id);
            List<String> lines = logs.lines(id);
            assertThat(lines).hasSize(2);
            assertThat(lines).anySatisfy(l -> assertThat(l).contains(ACCESS, " 500 "));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("ERROR", "GET /v1/namespaces/{namespace}/tables/{table}"));
            assertThat(logs.stackFrames()).isPositive();
            assertThat(logs.lines("Caused by").size() + 1)
                    .as("one stack trace: each cause once").isLessThanOrEqualTo(logs.lines("Exception").size());
        }
    }

    @Test
    void aTakenPortIsOneClearTypedRefusalAndShutdownIsLogged() {
        start();
        int port = server.port();
        try (LogCapture logs = new LogCapture()) {
            DeltacatServer second = DeltacatServer.builder().root(otherRoot).port(port).build();
            assertThatThrownBy(second::start).isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("127.0.0.1:" + port).hasMessageContaining("already in use")
                    .satisfies(e -> assertThat(((PortInUseException) e).port()).isEqualTo(port));
            assertThat(logs.stackFrames()).as("no stack trace spew for a taken port").isZero();
            // the refused server released what it had taken: its root can be served now
            DeltacatServer.builder().root(otherRoot).port(0).build().start().close();

            String uri = server.uri().toString();
            server.close();
            assertThat(logs.lines("stopped")).anySatisfy(l -> assertThat(l).contains("DeltaCAT server on " + uri));
        }
    }

    @Test
    void aFailingJobAttemptIsLoggedOnce() throws Exception {
        start(b -> b.jobRetryBackoff(Duration.ZERO));
        writeFiles("t", new long[] {1, 5});
        writeFiles("t", new long[] {6, 10});
        // a committed file damaged on storage is no Parquet any more: the compaction fails (retryable)
        String uri = post("/v1/namespaces/default/tables/t/plan", obj()).body().get("files").get(0).get("uri")
                .asText();
        java.nio.file.Path damaged = java.nio.file.Path.of(java.net.URI.create(uri));
        java.nio.file.Files.write(damaged, new byte[(int) java.nio.file.Files.size(damaged)]);
        try (LogCapture logs = new LogCapture()) {
            Resp job = post("/v1/jobs", obj().put("type", "compaction").put("maxAttempts", 2)
                    .set("context", obj().put("namespace", "default").put("table", "t")));
            assertThat(job.status()).as(job.raw()).isEqualTo(201);
            String id = job.text("id");
            Resp done = get("/v1/jobs/" + id + "?waitSeconds=20");
            for (int i = 0; i < 20 && !done.text("state").equals("failed"); i++) {
                done = get("/v1/jobs/" + id + "?waitSeconds=20");
            }
            assertThat(done.text("state")).isEqualTo("failed");
            // the runner logs right after it recorded the failure the poll has seen
            List<String> lines = List.of();
            for (long end = System.nanoTime() + 5_000_000_000L; System.nanoTime() < end; Thread.sleep(20)) {
                lines = logs.lines(id).stream().filter(l -> !l.contains(ACCESS)).toList();
                if (lines.size() >= 2) {
                    Thread.sleep(200); // and nothing more for this failure
                    lines = logs.lines(id).stream().filter(l -> !l.contains(ACCESS)).toList();
                    break;
                }
            }
            assertThat(lines).as("one line per failed attempt: %s", lines).hasSize(2);
            assertThat(lines.get(0)).contains("compaction job", "attempt 1 of 2", "will retry", "not a Parquet file");
            assertThat(lines.get(1)).contains("attempt 2 of 2", "gave up", "not a Parquet file");
            assertThat(logs.lines("StorageException: parquet read")).as("the stack trace once, not per retry")
                    .hasSize(1);
        }
    }
}
