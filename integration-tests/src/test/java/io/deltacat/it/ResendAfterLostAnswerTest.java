package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.Transaction;
import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.TableRef;
import io.deltacat.api.model.Watermark;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One effect per idempotency key on every keyed route (issue 14): the server runs the operation, then
 * a fault drops its answer on the way back (the connection closes, as when a server dies right after
 * its commit); the resend with the same key must meet the first outcome, never run the operation a
 * second time. The client's own retry does the resend (keyed requests are resent after an I/O
 * failure); a raw HTTP client does it where no client call sends the route alone. Each case checks
 * the effect in the metadata database itself. The last test checks that every POST and DELETE route
 * the server lists was covered, so a new route cannot skip this.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResendAfterLostAnswerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> COVERED = ConcurrentHashMap.newKeySet();

    @TempDir
    static Path dir;
    Path root;
    Fixture fx;
    DeltacatClient client;
    /** The route whose next answer is dropped; empty when none is. */
    private final AtomicReference<String> armed = new AtomicReference<>("");
    private final Set<String> dropped = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() {
        root = dir.resolve(UUID.randomUUID().toString());
        fx = new Fixture(root, b -> b.answerFault(this::drop));
        client = fx.client;
    }

    /** The fault: drops the answer of the armed route once. */
    private boolean drop(io.deltacat.server.DeltacatServer.Exchange e) {
        synchronized (armed) { // compareAndSet compares references, not route names
            if (!e.route().equals(armed.get())) {
                return false;
            }
            armed.set("");
        }
        dropped.add(e.route());
        return true;
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @AfterAll
    void everyKeyedRouteWasCovered() throws Exception {
        // after every case of the class: they filled COVERED
        try (Fixture f = new Fixture(dir.resolve("config"))) {
            HttpResponse<String> config = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    f.server.uri().resolve("/v1/config")).GET().build(), HttpResponse.BodyHandlers.ofString());
            Set<String> keyed = new TreeSet<>();
            JSON.readTree(config.body()).path("endpoints").forEach(n -> {
                String route = n.asText();
                if (route.startsWith("POST ") || route.startsWith("DELETE ")) {
                    keyed.add(route);
                }
            });
            assertThat(keyed).isNotEmpty();
            assertThat(new TreeSet<>(COVERED)).as("every keyed route has a lost-answer case").containsAll(keyed);
        }
    }

    /** Drops the next answer of {@code route}, runs {@code call}, and checks the answer was dropped. */
    private <T> T lost(String route, java.util.function.Supplier<T> call) {
        armed.set(route);
        T result = call.get();
        assertThat(dropped).as("the answer of " + route + " was dropped once").contains(route);
        armed.set("");
        COVERED.add(route);
        return result;
    }

    private void lostRun(String route, Runnable call) {
        lost(route, () -> {
            call.run();
            return null;
        });
    }

    /** A raw keyed request whose first answer is dropped; returns the resend's answer. */
    private HttpResponse<String> lostRaw(String route, String method, String path, String body) throws Exception {
        String key = UUID.randomUUID().toString();
        HttpClient http = HttpClient.newHttpClient();
        armed.set(route);
        assertThatThrownBy(() -> http.send(request(method, path, body, key), HttpResponse.BodyHandlers.ofString()))
                .as("the first answer is lost").isInstanceOf(IOException.class);
        assertThat(dropped).contains(route);
        HttpResponse<String> again = http.send(request(method, path, body, key), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> third = http.send(request(method, path, body, key), HttpResponse.BodyHandlers.ofString());
        assertThat(third.statusCode()).isEqualTo(again.statusCode());
        assertThat(third.body()).as("a resend answers as the first one did").isEqualTo(again.body());
        COVERED.add(route);
        return again;
    }

    private HttpRequest request(String method, String path, String body, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(fx.server.uri().resolve(path))
                .header("Content-Type", "application/json").header("Idempotency-Key", key);
        return b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private long count(String sql) throws SQLException {
        try (Connection c = fx.metadataUrl != null ? DriverManager.getConnection(fx.metadataUrl)
                : DriverManager.getConnection("jdbc:sqlite:" + root.resolve(".deltacat").resolve("metadata.db"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void rayPayloads() throws Exception {
        fx.close();
        Path payloads = root.resolve("payloads");
        // the ray dispatcher only stores archives here (no run is dispatched, its address is never called)
        fx = new Fixture(root.resolve("with-ray"), b -> b.answerFault(this::drop).dispatcher("ray", Map.of(
                "address", "http://127.0.0.1:9", "payload-root", payloads.toUri().toString())));
        client = fx.client;
        Path module = root.resolve("src").resolve("dcmod");
        Files.createDirectories(module);
        Files.writeString(module.resolve("__init__.py"), "X = 1\n");
        io.deltacat.api.model.RayPayload staged = lost("POST /v1/dispatch/{mode}/payloads",
                () -> client.jobs().stageRayPayload(p -> p.pyModules(module)));
        assertThat(staged.pyModules()).hasSize(1);
        try (java.util.stream.Stream<Path> files = Files.list(payloads)) {
            assertThat(files.map(f -> f.toUri().toString()).toList()).containsExactlyElementsOf(staged.pyModules());
        }
        // commands to a run's cluster: a resend replays the first answer (here the existing provider's
        // refusal: it runs no commands), it never sends again
        HttpResponse<String> sent = lostRaw("POST /v1/jobs/{jobId}/dispatch-commands", "POST",
                "/v1/jobs/no-such-job/dispatch-commands", "{\"commands\":[\"uptime\"],\"target\":\"head\"}");
        assertThat(sent.statusCode()).isEqualTo(404);
    }

    @Test
    void placements() throws Exception {
        // a server with a second root to place on (the first is this fixture's root, whatever the run's data root)
        fx.close();
        fx = new Fixture(root, b -> b.answerFault(this::drop).roots(List.of(
                io.deltacat.server.StorageRoot.local("default", root),
                io.deltacat.server.StorageRoot.local("far", dir.resolve(UUID.randomUUID() + "-far")))));
        client = fx.client;
        try (VectorSchemaRoot cats = Cats.first(fx.allocator)) {
            client.catalog().write(cats, w -> w.table("mice"));
        }
        List<io.deltacat.api.model.RootReplication> placed = lost(
                "POST /v1/namespaces/{namespace}/tables/{table}/placements",
                () -> client.catalog().place("default", "mice", List.of("far"), true));
        assertThat(placed).extracting(io.deltacat.api.model.RootReplication::root).containsExactly("far");
        assertThat(count("SELECT COUNT(*) FROM placements")).as("placed once").isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM jobs WHERE job_type = 'replication'")).isGreaterThanOrEqualTo(1);

        lostRun("DELETE /v1/namespaces/{namespace}/tables/{table}/placements/{root}",
                () -> client.catalog().unplace("default", "mice", "far"));
        assertThat(count("SELECT COUNT(*) FROM placements WHERE state = 'unplaced'")).isEqualTo(1);
    }

    @Test
    void namespacesAndTables() throws Exception {
        lostRun("POST /v1/namespaces", () -> client.catalog().createNamespace("lab"));
        assertThat(count("SELECT COUNT(*) FROM namespaces WHERE name = 'lab'")).isEqualTo(1);

        lostRun("POST /v1/namespaces/{namespace}/tables", () -> client.catalog().createTable(
                t -> t.namespace("lab").table("mice").schema(Cats.SCHEMA)));
        assertThat(count("SELECT COUNT(*) FROM tables WHERE name = 'mice'")).isEqualTo(1);

        lostRun("POST /v1/namespaces/{namespace}/tables/{table}/alter", () -> client.catalog().alterTable(
                a -> a.namespace("lab").table("mice").property("owner", "robotics")));
        assertThat(client.catalog().getTable("lab", "mice").properties()).containsEntry("owner", "robotics");

        // the resend meets the stored success, not a 404 for the old name or a 409 for the new one
        lost("POST /v1/namespaces/{namespace}/tables/{table}/rename",
                () -> client.catalog().renameTable("lab", "mice", "rats"));
        assertThat(count("SELECT COUNT(*) FROM tables WHERE name = 'rats' AND dropped_at IS NULL")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM tables WHERE name = 'mice'")).isZero();
        client.catalog().renameTable("lab", "rats", "mice");

        lostRun("DELETE /v1/namespaces/{namespace}/tables/{table}", () -> client.catalog().dropTable("lab", "mice"));
        assertThat(client.catalog().tableExists("lab", "mice")).isFalse();

        lostRun("POST /v1/namespaces/{namespace}/tables/{table}/undrop",
                () -> client.catalog().undropTable("lab", "mice"));
        assertThat(count("SELECT COUNT(*) FROM tables WHERE name = 'mice' AND dropped_at IS NULL")).isEqualTo(1);

        client.catalog().dropTable("lab", "mice");
        lostRun("DELETE /v1/namespaces/{namespace}", () -> client.catalog().dropNamespace("lab"));
        assertThat(client.catalog().namespaceExists("lab")).isFalse();
    }

    @Test
    void writesCommitsAndPlans() throws Exception {
        try (VectorSchemaRoot cats = Cats.first(fx.allocator)) {
            lostRun("POST /v1/namespaces/{namespace}/tables/{table}/writes",
                    () -> client.catalog().write(cats, w -> w.table("cats")));
        }
        assertThat(count("SELECT COUNT(*) FROM writes")).as("one write session for one key").isEqualTo(1);
        try (VectorSchemaRoot cats = Cats.first(fx.allocator)) {
            lostRun("POST /v1/writes/{writeId}/commit", () -> client.catalog().write(cats, w -> w.table("cats")));
        }
        assertThat(count("SELECT COUNT(*) FROM commits WHERE write_id IS NOT NULL"))
                .as("two writes, two commits").isEqualTo(2);
        assertThat(Rows.of(client.catalog().readAll(q -> q.table("cats")))).hasSize(6);

        long stored = count("SELECT COUNT(*) FROM idempotency");
        lost("POST /v1/namespaces/{namespace}/tables/{table}/plan",
                () -> client.catalog().plan(q -> q.table("cats")));
        assertThat(count("SELECT COUNT(*) FROM idempotency")).as("a read leaves no record").isEqualTo(stored);

        HttpResponse<String> begun = HttpClient.newHttpClient().send(request("POST",
                "/v1/namespaces/default/tables/cats/writes", "{\"mode\":\"append\",\"schema\":"
                        + Cats.SCHEMA.toJson() + "}", UUID.randomUUID().toString()),
                HttpResponse.BodyHandlers.ofString());
        String writeId = JSON.readTree(begun.body()).path("writeId").asText();
        HttpResponse<String> aborted = lostRaw("DELETE /v1/writes/{writeId}", "DELETE", "/v1/writes/" + writeId, null);
        assertThat(aborted.statusCode()).isEqualTo(204);
        assertThat(client.catalog().writeStatus(writeId).state().name()).isEqualTo("ABORTED");
    }

    @Test
    void transactions() throws Exception {
        Transaction tx = lost("POST /v1/transactions", () -> client.transaction("one key"));
        assertThat(count("SELECT COUNT(*) FROM transactions")).isEqualTo(1);
        HttpResponse<String> beat = lostRaw("POST /v1/transactions/{transactionId}/heartbeat", "POST",
                "/v1/transactions/" + tx.id() + "/heartbeat", "{}");
        assertThat(beat.statusCode()).isEqualTo(200);
        tx.catalog().createTable(t -> t.table("in_tx").schema(Cats.SCHEMA));
        lostRun("POST /v1/transactions/{transactionId}/commit", tx::commit);
        assertThat(count("SELECT COUNT(*) FROM tables WHERE name = 'in_tx'")).isEqualTo(1);

        Transaction other = client.transaction("aborted");
        lostRun("DELETE /v1/transactions/{transactionId}", other::abort);
        assertThat(count("SELECT COUNT(*) FROM transactions WHERE state = 'aborted'")).isEqualTo(1);
    }

    @Test
    void nodesPipelinesAndPreparedWrites() throws Exception {
        client.catalog().createTable(t -> t.table("raw").schema(Cats.SCHEMA));
        lostRun("POST /v1/nodes", () -> client.publications().create(p -> p.id("ingest").type("generator")
                .sinkTables(TableRef.of("raw"))));
        lostRun("POST /v1/nodes/{nodeId}/pause", () -> client.publications().pause("ingest"));
        lostRun("POST /v1/nodes/{nodeId}/resume", () -> client.publications().resume("ingest"));
        long jobs = count("SELECT COUNT(*) FROM jobs");
        Job run = lost("POST /v1/nodes/{nodeId}/trigger", () -> client.publications().trigger("ingest"));
        assertThat(count("SELECT COUNT(*) FROM jobs")).as("one run for one trigger").isEqualTo(jobs + 1);

        ClaimedJob job = client.jobs().claim(c -> c.workerTags("node:ingest")).orElseThrow();
        assertThat(job.id()).isEqualTo(run.id());
        try (VectorSchemaRoot batch = Cats.first(fx.allocator)) {
            lostRun("POST /v1/writes/{writeId}/prepare",
                    () -> client.publications().stage(job, batch, w -> w.table("raw")));
        }
        assertThat(count("SELECT COUNT(*) FROM writes WHERE prepared_job = '" + job.id() + "'")).isEqualTo(1);

        client.subscriptions().create(s -> s.id("audit").sourceTables(TableRef.of("raw")));
        long runs = count("SELECT COUNT(*) FROM jobs");
        java.util.Optional<Job> redrive = lost("POST /v1/nodes/{nodeId}/watermark",
                () -> client.subscriptions().redrive("audit", Watermark.of(TableRef.of("raw"), 0)));
        assertThat(count("SELECT COUNT(*) FROM jobs")).as("at most one run for one reset")
                .isEqualTo(runs + (redrive.isPresent() ? 1 : 0));
        assertThat(client.subscriptions().getWatermark("audit").positions()).containsEntry(TableRef.of("raw"), 0L);

        HttpResponse<String> discovered = lostRaw("POST /v1/pipelines/discover", "POST", "/v1/pipelines/discover",
                "{\"seedNodeIds\":[\"ingest\"]}");
        assertThat(discovered.statusCode()).isEqualTo(200);
        lostRun("POST /v1/pipelines", () -> client.pipelines().create("p1", "lost answers", List.of("ingest", "audit")));
        assertThat(count("SELECT COUNT(*) FROM pipelines")).isEqualTo(1);
        lostRun("POST /v1/pipelines/{pipelineId}/pause", () -> client.pipelines().pause("p1"));
        lostRun("POST /v1/pipelines/{pipelineId}/resume", () -> client.pipelines().resume("p1"));
        lostRun("DELETE /v1/pipelines/{pipelineId}", () -> client.pipelines().delete("p1"));
        assertThat(client.pipelines().list()).isEmpty();
        lostRun("DELETE /v1/nodes/{nodeId}", () -> client.subscriptions().delete("audit"));
        assertThat(client.subscriptions().list()).isEmpty();
    }

    @Test
    void usersTokensAndGrants() throws Exception {
        fx.close();
        String bootstrap = "dct_" + "r".repeat(43);
        fx = new Fixture(root.resolve("users"), b -> b.users(true).bootstrapToken(bootstrap).answerFault(this::drop));
        root = root.resolve("users");
        try (DeltacatClient admin = DeltacatClient.connect(io.deltacat.api.ClientConfig.builder()
                .uri(fx.server.uri().toString()).allocator(fx.allocator)
                .tokenProvider(io.deltacat.auth.TokenProviders.ofToken(bootstrap)).build())) {
            io.deltacat.api.AuthClient auth = admin.auth();
            lost("POST /v1/users", () -> auth.createUser("ada", io.deltacat.api.model.UserRole.USER));
            assertThat(count("SELECT COUNT(*) FROM users")).isEqualTo(2);
            lost("POST /v1/users/{user}/disable", () -> auth.disableUser("ada"));
            lost("POST /v1/users/{user}/enable", () -> auth.enableUser("ada"));
            assertThat(auth.getUser("ada").disabled()).isFalse();

            // the secret is not kept, not even as an answer: the resend is told the token exists
            assertThatThrownBy(() -> lost("POST /v1/users/{user}/tokens",
                    () -> auth.issueToken("ada", "laptop", null)))
                    .isInstanceOf(io.deltacat.api.error.ConflictException.class).hasMessageContaining("already issued");
            assertThat(count("SELECT COUNT(*) FROM tokens WHERE user_name = 'ada'")).as("one token").isEqualTo(1);
            COVERED.add("POST /v1/users/{user}/tokens");
            String tokenId = auth.listTokens("ada").get(0).id();
            lostRun("DELETE /v1/users/{user}/tokens/{tokenId}", () -> auth.revokeToken("ada", tokenId));
            assertThat(auth.listTokens("ada").get(0).revokedAt()).isPresent();

            admin.catalog().createNamespace("lab");
            lost("POST /v1/namespaces/{namespace}/grants",
                    () -> auth.grant("lab", "ada", io.deltacat.api.model.NamespaceRole.READER));
            assertThat(count("SELECT COUNT(*) FROM grants")).isEqualTo(1);
            lostRun("DELETE /v1/namespaces/{namespace}/grants/{user}", () -> auth.revokeGrant("lab", "ada"));
            assertThat(count("SELECT COUNT(*) FROM grants")).isZero();
        }
    }

    @Test
    void storageAccessOnAnS3Root() throws Exception {
        fx.close();
        String bucket = "s3://" + S3ProxyProcess.shared().createBucket("resend-" + UUID.randomUUID().toString()
                .substring(0, 8)) + "/data/";
        root = root.resolve("s3");
        fx = new Fixture(root, b -> b.roots(List.of(io.deltacat.server.StorageRoot.s3("default", bucket,
                S3ProxyProcess.shared().settings(Map.of())))).answerFault(this::drop));
        client = fx.client;
        long stored = count("SELECT COUNT(*) FROM idempotency");
        // the client's write asks the server to sign its upload; the signature is lost and signed again
        try (VectorSchemaRoot cats = Cats.first(fx.allocator)) {
            lostRun("POST /v1/writes/{writeId}/uploads", () -> client.catalog().write(cats, w -> w.table("cats")));
        }
        assertThat(Rows.of(client.catalog().readAll(q -> q.table("cats")))).hasSize(3);
        long begun = count("SELECT COUNT(*) FROM idempotency");
        assertThat(begun).as("only the write's begin is stored").isEqualTo(stored + 1);

        // a resent multipart start continues the upload the lost answer began
        HttpResponse<String> write = HttpClient.newHttpClient().send(request("POST",
                "/v1/namespaces/default/tables/cats/writes", "{\"mode\":\"append\",\"schema\":"
                        + Cats.SCHEMA.toJson() + "}", UUID.randomUUID().toString()), HttpResponse.BodyHandlers.ofString());
        String writeId = JSON.readTree(write.body()).path("writeId").asText();
        HttpResponse<String> started = lostRaw("POST /v1/writes/{writeId}/uploads", "POST", "/v1/writes/" + writeId
                + "/uploads", "{\"path\":\"big.parquet\",\"step\":\"start\"}");
        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(started.body()).path("uploadId").asText()).isNotEmpty();

        // renewals vend afresh and keep nothing: no presigned URL reaches the metadata database
        String file = client.catalog().plan(q -> q.table("cats")).files().get(0).uri();
        for (String[] route : new String[][] {
                {"POST /v1/namespaces/{namespace}/tables/{table}/credentials", "/v1/namespaces/default/tables/cats/credentials",
                        "{\"uris\":[\"" + file + "\"]}"},
                {"POST /v1/writes/{writeId}/credentials", "/v1/writes/" + writeId + "/credentials", "{}"}}) {
            String key = UUID.randomUUID().toString();
            armed.set(route[0]);
            HttpClient http = HttpClient.newHttpClient();
            assertThatThrownBy(() -> http.send(request("POST", route[1], route[2], key), HttpResponse.BodyHandlers.ofString()))
                    .as("the first answer is lost").isInstanceOf(IOException.class);
            HttpResponse<String> again = http.send(request("POST", route[1], route[2], key),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(again.body()).path("credentials").isArray()).isTrue();
            COVERED.add(route[0]);
        }
        assertThat(count("SELECT COUNT(*) FROM idempotency")).as("renewals and uploads store nothing")
                .isEqualTo(begun + 1);
        assertThat(count("SELECT COUNT(*) FROM idempotency WHERE body LIKE '%X-Amz-Signature%'"
                + " OR body LIKE '%secretAccessKey%'")).isZero();
    }

    @Test
    void jobs() throws Exception {
        Job first = lost("POST /v1/jobs", () -> client.jobs().submit(s -> s.type("custom").context("n", "1")));
        client.jobs().submit(s -> s.type("custom").context("n", "2"));
        client.jobs().submit(s -> s.type("custom").context("n", "3"));
        assertThat(count("SELECT COUNT(*) FROM jobs")).as("three submits, three jobs").isEqualTo(3);

        ClaimedJob held = lost("POST /v1/jobs/claim", () -> client.jobs().claim(c -> c.workerId("w")).orElseThrow());
        assertThat(held.id()).isEqualTo(first.id());
        assertThat(count("SELECT COUNT(*) FROM jobs WHERE state IN ('claimed', 'running')"))
                .as("one claim, one leased job").isEqualTo(1);

        lost("POST /v1/jobs/{jobId}/events", () -> client.jobs().emitEvent(held, "progress", 1, 2, Map.of(), null));
        assertThat(count("SELECT COUNT(*) FROM job_events WHERE name = 'progress'")).isEqualTo(1);
        lost("POST /v1/jobs/{jobId}/heartbeat", () -> client.jobs().heartbeat(held));
        Job done = lost("POST /v1/jobs/{jobId}/complete", () -> client.jobs().complete(held, 7, "offset-7"));
        assertThat(done.state().name()).isEqualTo("SUCCEEDED");
        assertThat(count("SELECT COUNT(*) FROM job_events WHERE name = 'succeeded'")).isEqualTo(1);

        ClaimedJob second = client.jobs().claim(c -> c.workerId("w")).orElseThrow();
        Job failed = lost("POST /v1/jobs/{jobId}/fail", () -> client.jobs().fail(second, "broken", false));
        assertThat(failed.state().name()).isEqualTo("FAILED");
        assertThat(count("SELECT COUNT(*) FROM job_events WHERE name = 'failed'")).isEqualTo(1);

        Job third = client.jobs().list().jobs().stream().filter(j -> !j.state().isFinal()).findFirst().orElseThrow();
        Job cancelled = lost("POST /v1/jobs/{jobId}/cancel", () -> client.jobs().cancel(third.id()));
        assertThat(cancelled.state().name()).isEqualTo("CANCELLED");
        assertThat(count("SELECT COUNT(*) FROM job_events WHERE name = 'cancelled'")).isEqualTo(1);

        // the batch routes: a submit of two, a claim of two, their ends (with a claim of the next)
        List<Job> batch = lost("POST /v1/jobs/batch", () -> client.jobs().submitAll(List.of(
                io.deltacat.api.options.SubmitJobOptions.builder().context("n", "4").build(),
                io.deltacat.api.options.SubmitJobOptions.builder().context("n", "5").build())));
        assertThat(count("SELECT COUNT(*) FROM jobs")).as("one batch, two jobs").isEqualTo(5);
        List<ClaimedJob> two = lost("POST /v1/jobs/batch/claim", () -> client.jobs().claim(2, c -> c.workerId("w")));
        assertThat(two).extracting(ClaimedJob::id).containsExactly(batch.get(0).id(), batch.get(1).id());
        assertThat(two).allMatch(c -> c.fencingToken() == 1);
        assertThat(count("SELECT COUNT(*) FROM job_events WHERE name = 'claimed'")).as("one claim each").isEqualTo(4);
        io.deltacat.api.model.EndAndClaimResult ended = lost("POST /v1/jobs/batch/end", () -> client.jobs().endAndClaim(
                List.of(io.deltacat.api.model.JobCompletion.of(two.get(0), 1)),
                List.of(io.deltacat.api.model.JobFailure.of(two.get(1), "broken", false)), 1, c -> { }));
        assertThat(ended.ended()).allMatch(io.deltacat.api.model.JobEndResult::ended);
        assertThat(count("SELECT COUNT(*) FROM job_events WHERE name = 'succeeded'")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM job_events WHERE name = 'failed'")).isEqualTo(2);
    }
}
