package io.deltacat.ray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobState;
import io.deltacat.api.model.TableRef;
import io.deltacat.ray.internal.RayJobsApi;
import io.deltacat.server.DeltacatServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ray} nodes against a real Ray head (profile {@code ray-tests}; the test JVM runs in a network
 * namespace of its own, see src/test/ray/setup.sh): the run becomes a Ray job whose Python
 * entrypoint (src/test/ray/transform_entry.py) reads the run's inputs over plain HTTP, stages and
 * prepares the sink's file; the server commits it when the Ray job succeeds. Also a failing
 * entrypoint, a cancelled run, and a server killed and restarted mid-run.
 */
class RayDispatchEndToEndTest {
    static final String RAY = "http://127.0.0.1:8265";
    static final TableRef SRC = TableRef.of("default", "src");
    static final TableRef DST = TableRef.of("default", "dst");
    static final Duration WAIT = Duration.ofMinutes(4);
    /** The server runs with one shared token: the Ray job must use its run token instead. */
    static final String ADMIN_TOKEN = "ray-suite-admin-token";

    static Path work;
    static Path entry;
    /** Staged payloads outlive each test's server: the same module is stored once for the suite. */
    @TempDir
    static Path shared;
    /** The staged py_module the entrypoint imports (dcupper.shout), as the node's cluster_config names it. */
    String payloadUri;

    @TempDir
    Path dir;
    DeltacatServer server;
    DeltacatClient client;
    int port;

    @BeforeAll
    static void startRay() throws Exception {
        assumeFalse(Boolean.parseBoolean(System.getProperty("deltacat.ray.skip", "true")),
                "the real-Ray suite runs with -Pray-tests");
        work = Path.of(System.getProperty("deltacat.ray.work"));
        Path setup = Path.of(System.getProperty("deltacat.ray.setup"));
        entry = setup.resolveSibling("transform_entry.py").toAbsolutePath();
        run(setup.toString(), "stop", work.toString());
        run(setup.toString(), "start", work.toString());
    }

    @AfterAll
    static void stopRay() throws Exception {
        if (work != null) {
            run(System.getProperty("deltacat.ray.setup"), "stop", work.toString());
        }
    }

    private static void run(String... cmd) throws Exception {
        List<String> args = new ArrayList<>(List.of("sh"));
        args.addAll(List.of(cmd));
        Process p = new ProcessBuilder(args).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("setup.log").toFile())).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("setup.sh " + cmd[1]).isTrue();
        assertThat(p.exitValue()).as("setup.sh " + cmd[1] + " (see " + work.resolve("setup.log") + ")").isZero();
    }

    @BeforeEach
    void start() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // fixed for this test: the Ray job keeps the URL across a restart
        }
        startServer();
        Path module = shared.resolve("src").resolve("dcupper");
        Files.createDirectories(module);
        Files.writeString(module.resolve("__init__.py"), "def shout(s):\n    return s.upper()\n");
        payloadUri = client.jobs().stageRayPayload(p -> p.pyModules(module)).pyModules().get(0);
        Path input = dir.resolve("src.json");
        Files.writeString(input, "{\"id\":1,\"name\":\"ada\"}\n{\"id\":2,\"name\":\"grace\"}\n");
        client.catalog().write(w -> w.table("src").format("json"), input);
        client.catalog().createTable(t -> t.table("dst").format("json")
                .schema(client.catalog().getTable("default", "src").schema()));
    }

    private void startServer() {
        server = DeltacatServer.builder().root(dir.resolve("root")).port(port)
                .authToken(ADMIN_TOKEN).dispatcher("ray", Map.of("address", RAY,
                        "payload-root", shared.resolve("payloads").toUri().toString())).build().start();
        client = DeltacatClient.connect(ClientConfig.builder().uri(server.uri())
                .tokenProvider(() -> Optional.of(ADMIN_TOKEN)).build());
    }

    private void stopServer() {
        client.close();
        server.close();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            stopServer();
        }
    }

    private void createNode(String mode, int maxAttempts, Duration lease) {
        client.transforms().create(t -> t.id("upper").type("python").sourceTables(SRC).sinkTables(DST)
                .dispatchMode("ray").maxAttempts(maxAttempts).leaseDuration(lease)
                .dispatchConfig(Map.of("entrypoint", "SLOW_SECONDS=20 python " + entry + " " + mode,
                        "cluster_config", "cluster_name: e2e\nhead_node_type: head\navailable_node_types: {head: {}}\n"
                                + "payload:\n  py_modules: [\"" + payloadUri + "\"]\n")));
    }

    private List<String> names(TableRef t) throws IOException {
        List<String> out = new ArrayList<>();
        try (ArrowReader r = client.catalog().read(o -> o.table(t.table()))) {
            while (r.loadNextBatch()) {
                VarCharVector v = (VarCharVector) r.getVectorSchemaRoot().getVector("name");
                for (int i = 0; i < v.getValueCount(); i++) {
                    out.add(v.getObject(i).toString());
                }
            }
        }
        out.sort(null);
        return out;
    }

    private static Optional<RayJobsApi.JobInfo> rayJob(String runId, int attempt) throws Exception {
        return new RayJobsApi(RAY).get("deltacat-" + runId + "-" + attempt);
    }

    private static void awaitRayStatus(String runId, int attempt, String status) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<RayJobsApi.JobInfo> j = rayJob(runId, attempt);
            if (j.isPresent() && j.get().status().equals(status)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Ray job of " + runId + " never reached " + status + ": " + rayJob(runId, attempt));
    }

    @Test
    void aRayTransformRunsEndToEnd() throws Exception {
        createNode("ok", 1, Duration.ofSeconds(20));
        Job run = client.transforms().trigger("upper");
        Job done = client.jobs().waitFor(run.id(), WAIT);
        assertThat(done.state()).as("run %s: %s", run.id(), done.error()).isEqualTo(JobState.SUCCEEDED);
        assertThat(names(DST)).containsExactly("ADA", "GRACE");
        assertThat(client.transforms().get("upper").watermark().position(SRC)).isPositive();
        RayJobsApi.JobInfo job = rayJob(run.id(), 1).orElseThrow();
        assertThat(job.status()).isEqualTo("SUCCEEDED");
        assertThat(job.runtimeEnv().get("py_modules")).isEqualTo(List.of(payloadUri));
    }

    private int call(String method, String path, String token) throws Exception {
        return send(method, path, token, "{\"mode\":\"append\",\"format\":\"json\"}").statusCode();
    }

    private java.net.http.HttpResponse<String> send(String method, String path, String token, String body)
            throws Exception {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(server.uri().resolve(path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
        b = method.equals("GET") ? b.GET() : b.method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body));
        return java.net.http.HttpClient.newHttpClient().send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theRunTokenReachesItsOwnRunOnlyAndOnlyWhileItLives() throws Exception {
        createNode("slow", 1, Duration.ofSeconds(20));
        Job run = client.transforms().trigger("upper");
        awaitRayStatus(run.id(), 1, "RUNNING");
        // the token the Ray job was started with, as Ray's Jobs API shows the job's runtime_env
        @SuppressWarnings("unchecked")
        Map<String, String> env = (Map<String, String>) rayJob(run.id(), 1).orElseThrow().runtimeEnv().get("env_vars");
        String token = env.get("DELTACAT_RUN_TOKEN");
        assertThat(token).startsWith("dcr_").doesNotContain(ADMIN_TOKEN);
        assertThat(call("GET", "/v1/jobs/" + run.id() + "/inputs", token)).isEqualTo(200);
        assertThat(call("GET", "/v1/namespaces/default/tables/src", token)).isEqualTo(200);
        // not another run's inputs, not the source table's writes, not the catalog at large, not admin
        assertThat(call("GET", "/v1/jobs/" + run.id() + "x/inputs", token)).isEqualTo(403);
        assertThat(call("POST", "/v1/namespaces/default/tables/src/writes", token)).isEqualTo(403);
        assertThat(call("GET", "/v1/namespaces", token)).isEqualTo(403);
        assertThat(call("GET", "/v1/jobs", token)).isEqualTo(403);
        // a write on its sink it may begin, but prepare it only for its own run
        java.net.http.HttpResponse<String> begun = send("POST", "/v1/namespaces/default/tables/dst/writes", token,
                "{\"mode\":\"append\",\"format\":\"json\",\"schema\":"
                        + client.catalog().getTable("default", "dst").schema().toJson() + "}");
        assertThat(begun.statusCode()).as(begun.body()).isEqualTo(201);
        String writeId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(begun.body()).path("writeId").asText();
        java.net.http.HttpResponse<String> foreign = send("POST", "/v1/writes/" + writeId + "/prepare", token,
                "{\"jobId\":\"someone-else\",\"commitId\":\"c1\",\"files\":[{\"path\":\"x.json\","
                        + "\"format\":\"json\",\"rowCount\":1,\"sizeBytes\":1}]}");
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(403);
        assertThat(foreign.body()).contains("its own run");
        assertThat(call("POST", "/v1/writes/" + writeId + "/commit", token)).isEqualTo(403);
        // a forged token of the same run is no token
        assertThat(call("GET", "/v1/jobs/" + run.id() + "/inputs", token.substring(0, token.length() - 2) + "AA"))
                .isEqualTo(401);
        Job done = client.jobs().waitFor(run.id(), WAIT);
        assertThat(done.state()).as("run %s: %s", run.id(), done.error()).isEqualTo(JobState.SUCCEEDED);
        // the run has ended: its token is worth nothing now
        assertThat(call("GET", "/v1/jobs/" + run.id() + "/inputs", token)).isEqualTo(401);
    }

    @Test
    void aFailingEntrypointFailsTheRunWithRaysError() throws Exception {
        createNode("fail", 1, Duration.ofSeconds(20));
        Job run = client.transforms().trigger("upper");
        Job done = client.jobs().waitFor(run.id(), WAIT);
        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.error().orElseThrow()).contains("Ray job deltacat-" + run.id() + "-1 FAILED")
                .contains("transform exploded on purpose");
        assertThat(names(DST)).isEmpty();
        assertThat(client.transforms().get("upper").watermark().position(SRC)).isZero();
    }

    @Test
    void cancellingTheRunStopsTheRayJob() throws Exception {
        createNode("slow", 1, Duration.ofSeconds(20));
        Job run = client.transforms().trigger("upper");
        awaitRayStatus(run.id(), 1, "RUNNING");
        client.jobs().cancel(run.id());
        awaitRayStatus(run.id(), 1, "STOPPED");
        assertThat(client.jobs().get(run.id()).state()).isEqualTo(JobState.CANCELLED);
        assertThat(names(DST)).isEmpty();
    }

    @Test
    void aServerRestartedMidRunReattachesInsteadOfSubmittingAgain() throws Exception {
        createNode("slow", 3, Duration.ofSeconds(3));
        Job run = client.transforms().trigger("upper");
        awaitRayStatus(run.id(), 1, "RUNNING");
        stopServer(); // the lease lapses while no server follows the Ray job
        Thread.sleep(4000);
        startServer();
        Job done = client.jobs().waitFor(run.id(), WAIT);
        assertThat(done.state()).as("run %s: %s", run.id(), done.error()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.attempt()).isGreaterThan(1); // the lease was lost and the run claimed again
        assertThat(names(DST)).containsExactly("ADA", "GRACE");
        for (int a = 2; a <= done.attempt(); a++) {
            assertThat(rayJob(run.id(), a)).as("Ray submission of attempt " + a).isEmpty();
        }
    }
}
