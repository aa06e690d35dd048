package io.deltacat.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.TokenProvider;
import io.deltacat.api.model.JobState;
import io.deltacat.auth.TokenProviders;
import io.deltacat.compat.ScenarioResult.Status;
import io.deltacat.server.DeltacatServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The runbook against the real embedded server: everything passes (users on, admin token); with
 * capabilities switched off the scenarios needing them are skipped with the reason; against a server
 * that breaks the contract the failure names what differed; read-only changes nothing.
 */
class RunbookTest {
    private static final String ADMIN = "dct_" + "A".repeat(43);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Map<String, ScenarioResult> byName(RunReport r) {
        return r.results().stream().collect(Collectors.toMap(ScenarioResult::name, x -> x));
    }

    private static RunReport run(String url, TokenProvider tokens, List<String> globs, boolean readOnly, Path report) {
        return Runbook.run(new RunbookOptions(java.net.URI.create(url), tokens, globs, readOnly,
                Optional.ofNullable(report)), System.out);
    }

    @Test
    void everyScenarioPassesAgainstTheEmbeddedServerWithUsersAndCleansUp() throws Exception {
        try (DeltacatServer server = DeltacatServer.builder().root(dir.resolve("root")).users(true).bootstrapToken(ADMIN)
                .build().start()) {
            Path reports = dir.resolve("reports");
            RunReport r = run(server.uri().toString(), TokenProviders.ofToken(ADMIN), List.of(), false, reports);

            assertThat(r.results()).as("every packaged scenario ran").hasSize(Runbook.describeScenarios().size());
            // this server has one local root and no MCP extension: the S3 and MCP scenarios are skipped and
            // say why (they run in the integration tests' RunbookOnS3RootTest and mcp-server's RunbookOnMcpTest); every other scenario passes
            assertThat(byName(r).get("storage/s3-round-trip").status()).isEqualTo(Status.SKIPPED);
            assertThat(byName(r).get("storage/s3-round-trip").reason()).hasValueSatisfying(
                    x -> assertThat(x).contains("no S3 root"));
            assertThat(byName(r).get("mcp/explore-and-write").status()).isEqualTo(Status.SKIPPED);
            assertThat(byName(r).get("mcp/explore-and-write").reason()).hasValueSatisfying(
                    x -> assertThat(x).contains("does not advertise", "mcp"));
            assertThat(r.results()).filteredOn(s -> !Set.of("storage/s3-round-trip", "mcp/explore-and-write")
                            .contains(s.name()))
                    .allSatisfy(s -> assertThat(s.status()).as(s.name() + ": " + s.reason().orElse("")
                            + s.detail().orElse("")).isEqualTo(Status.PASSED));
            assertThat(r.succeeded()).isTrue();
            assertThat(r.serverVersion()).isNotBlank();

            // nothing is left behind: no namespace of the run, no job of the run still open
            try (DeltacatClient admin = DeltacatClient.connect(ClientConfig.builder().uri(server.uri())
                    .tokenProvider(TokenProviders.ofToken(ADMIN)).build())) {
                assertThat(admin.catalog().listNamespaces()).noneMatch(ns -> ns.name().startsWith("compat_"));
                assertThat(admin.jobs().list(l -> l.states(JobState.PENDING, JobState.CLAIMED, JobState.RUNNING)).jobs())
                        .isEmpty();
                assertThat(admin.pipelines().list()).isEmpty();
                assertThat(admin.auth().listUsers()).filteredOn(u -> u.name().startsWith("compat-"))
                        .allSatisfy(u -> assertThat(u.disabledAt()).isPresent());
            }

            String xml = Files.readString(reports.resolve("compat-report.xml"));
            assertThat(xml).contains("<testsuite name=\"deltacat-compat\" tests=\"" + r.results().size()
                    + "\" failures=\"0\"", "name=\"serverVersion\"", "name=\"catalog/namespaces\"");
            JsonNode json = JSON.readTree(reports.resolve("compat-report.json").toFile());
            assertThat(json.get("succeeded").asBoolean()).isTrue();
            assertThat(json.get("results")).hasSize(r.results().size());
            assertThat(Files.readString(reports.resolve("compat-report.md"))).contains("Verdict: compatible",
                    "| jobs/fencing-retry | passed |");
        }
    }

    @Test
    void capabilitiesTheServerDoesNotAdvertiseAreSkippedWithTheReason() throws Exception {
        Set<String> off = Set.of("transactions", "jobs", "pipelines");
        try (DeltacatServer server = DeltacatServer.builder().root(dir.resolve("root")).build().start();
             RewritingProxy proxy = new RewritingProxy(server.uri(), (route, body) -> route.equals("GET /v1/config")
                     ? withoutCapabilities(body, off) : body)) {
            RunReport r = run(proxy.uri().toString(), TokenProviders.fromEnv("DELTACAT_COMPAT_TEST_NO_TOKEN"),
                    List.of("server/*", "auth/**", "catalog/namespaces", "transactions/*", "jobs/*", "pipelines/*",
                            "mcp/*"), false, null);
            Map<String, ScenarioResult> results = byName(r);
            assertThat(r.capabilities()).doesNotContainAnyElementsOf(off);
            assertThat(results.get("transactions/commit").status()).isEqualTo(Status.SKIPPED);
            assertThat(results.get("transactions/commit").reason()).hasValueSatisfying(
                    reason -> assertThat(reason).contains("does not advertise", "transactions"));
            assertThat(results.get("jobs/lifecycle").reason()).hasValueSatisfying(x -> assertThat(x).contains("jobs"));
            assertThat(results.get("pipelines/subscription").status()).isEqualTo(Status.SKIPPED);
            // a server without the MCP extension does not advertise mcp
            assertThat(results.get("mcp/explore-and-write").status()).isEqualTo(Status.SKIPPED);
            assertThat(results.get("mcp/explore-and-write").reason()).hasValueSatisfying(x -> assertThat(x).contains("mcp"));
            assertThat(results.get("catalog/namespaces").status()).isEqualTo(Status.PASSED);
            assertThat(results.get("server/config").status()).isEqualTo(Status.PASSED);
            // a server without users: the roles scenario cannot run, and says why
            assertThat(results.get("auth/roles").status()).isEqualTo(Status.SKIPPED);
            assertThat(results.get("auth/roles").reason()).hasValueSatisfying(x -> assertThat(x).contains("without users"));
            assertThat(r.succeeded()).as("skips are not failures").isTrue();
        }
    }

    @Test
    void aServerThatBreaksTheContractFailsWithTheReasonAndExitCode9() throws Exception {
        // plans that list no files: every status code is fine, the rows are not
        try (DeltacatServer server = DeltacatServer.builder().root(dir.resolve("root")).build().start();
             RewritingProxy proxy = new RewritingProxy(server.uri(), (route, body) -> route.endsWith("/plan")
                     ? withoutFiles(body) : body)) {
            Path reports = dir.resolve("reports");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream saved = System.out;
            int code;
            try {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                code = new CommandLine(new RunbookCommand()).execute("--server", proxy.uri().toString(),
                        "--scenarios", "writes/modes,catalog/namespaces", "--report", reports.toString());
            } finally {
                System.setOut(saved);
            }
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(code).as(printed).isEqualTo(RunbookCommand.FAILED);
            assertThat(printed).contains("NOT COMPATIBLE", "1 passed, 1 failed");
            JsonNode json = JSON.readTree(reports.resolve("compat-report.json").toFile());
            JsonNode modes = null;
            for (JsonNode n : json.get("results")) {
                if (n.get("name").asText().equals("writes/modes")) {
                    modes = n;
                }
            }
            assertThat(modes).isNotNull();
            assertThat(modes.get("status").asText()).isEqualTo("failed");
            assertThat(modes.get("reason").asText()).contains("rows after append", "but was []");
            assertThat(Files.readString(reports.resolve("compat-report.xml"))).contains("<failure message=\"rows after append");
            // the failed scenario still cleaned up its namespace
            try (DeltacatClient client = DeltacatClient.connect(server.uri().toString())) {
                assertThat(client.catalog().listNamespaces()).noneMatch(ns -> ns.name().startsWith("compat_"));
            }
        }
    }

    @Test
    void aRefusedTokenIsOneFailedConnect() {
        try (DeltacatServer server = DeltacatServer.builder().root(dir.resolve("root")).users(true).bootstrapToken(ADMIN)
                .build().start()) {
            RunReport r = run(server.uri().toString(), TokenProviders.ofToken("dct_" + "B".repeat(43)), List.of(), false,
                    null);
            assertThat(r.succeeded()).isFalse();
            assertThat(r.results()).singleElement().satisfies(s -> {
                assertThat(s.name()).isEqualTo("connect");
                assertThat(s.reason()).hasValueSatisfying(x -> assertThat(x).contains("Unauthorized"));
            });
        }
    }

    @Test
    void anUnreachableServerIsOneFailedConnect() {
        RunReport r = run("http://127.0.0.1:1", TokenProviders.fromEnv("DELTACAT_COMPAT_TEST_NO_TOKEN"), List.of(), false,
                null);
        assertThat(r.succeeded()).isFalse();
        assertThat(r.apiVersion()).isEqualTo("unknown");
        assertThat(r.results()).singleElement().satisfies(s -> assertThat(s.name()).isEqualTo("connect"));
    }

    @Test
    void readOnlyRunsOnlyScenariosThatChangeNothing() {
        try (DeltacatServer server = DeltacatServer.builder().root(dir.resolve("root")).build().start()) {
            RunReport r = run(server.uri().toString(), TokenProviders.fromEnv("DELTACAT_COMPAT_TEST_NO_TOKEN"), List.of(),
                    true, null);
            Map<String, ScenarioResult> results = byName(r);
            assertThat(results.get("server/config").status()).isEqualTo(Status.PASSED);
            assertThat(results.get("catalog/browse").status()).isEqualTo(Status.PASSED);
            assertThat(results.get("writes/modes").status()).isEqualTo(Status.SKIPPED);
            assertThat(results.get("writes/modes").reason()).hasValueSatisfying(x -> assertThat(x).contains("--read-only"));
            try (DeltacatClient client = DeltacatClient.connect(server.uri().toString())) {
                assertThat(client.catalog().listNamespaces()).noneMatch(ns -> ns.name().startsWith("compat_"));
            }
        }
    }

    @Test
    void aGlobMatchingNothingIsAUsageError() {
        int code = new CommandLine(new RunbookCommand()).execute("--server", "http://127.0.0.1:1", "--scenarios", "nope/*");
        assertThat(code).isEqualTo(2);
    }

    private static String withoutCapabilities(String body, Set<String> off) {
        try {
            ObjectNode n = (ObjectNode) JSON.readTree(body);
            ArrayNode caps = JSON.createArrayNode();
            n.get("capabilities").forEach(c -> {
                if (!off.contains(c.asText())) {
                    caps.add(c);
                }
            });
            n.set("capabilities", caps);
            return JSON.writeValueAsString(n);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String withoutFiles(String body) {
        try {
            ObjectNode n = (ObjectNode) JSON.readTree(body);
            if (n.has("files")) {
                n.putArray("files");
            }
            return JSON.writeValueAsString(n);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
