package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code deltacat} command, run as a separate JVM on the module path: the quick start,
 * and a server process that a client in this JVM talks to across a restart.
 */
class CliProcessTest {
    private static final Path CLI = Path.of(System.getProperty("deltacat.cli.dir", "../cli/target"), "deltacat");

    @TempDir
    Path dir;

    private static Process launch(String... args) throws IOException {
        assertThat(CLI).as("the CLI is packaged before the integration tests run").isExecutable();
        List<String> command = new java.util.ArrayList<>(List.of(CLI.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    @Test
    void quickstartRunsAndPrintsEachStep() throws Exception {
        Process p = launch("quickstart", "--root", dir.toString());
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("Cheshire", "Dinah", "Felix", "Appending a second batch", "Garfield",
                "filter age > 4", "Time travel", "Done.");
        // the time-travel read shows only the first three cats: the last table printed has no Garfield
        String timeTravel = out.substring(out.indexOf("Time travel"));
        assertThat(timeTravel).contains("Cheshire").doesNotContain("Garfield");
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".parquet")).count()).isEqualTo(2);
        }
    }

    @Test
    void aSecondServerProcessOnTheSameRootRefusesWithOneClearLine() throws Exception {
        Process first = launch("server", "--root", dir.toString(), "--port", "0");
        try {
            String uri = ServerProcesses.awaitUri(first);
            Process second = launch("server", "--root", dir.toString(), "--port", "0");
            String out = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).as(out).isEqualTo(1);
            List<String> errors = out.lines().filter(l -> l.contains("ERROR")).toList();
            assertThat(errors).as(out).hasSize(1);
            assertThat(errors.get(0)).contains("another DeltaCAT server", "pid " + first.pid(), dir.toString());
            assertThat(out).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
            // the first server keeps serving
            try (DeltacatClient client = DeltacatClient.connect(ClientConfig.builder().uri(uri).build())) {
                assertThat(client.catalog().listNamespaces()).isNotEmpty();
            }
        } finally {
            first.destroy();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void serverProcessServesAnotherJvmAndKeepsDataAcrossRestart() throws Exception {
        try (RootAllocator allocator = new RootAllocator()) {
            Process server = launch("server", "--root", dir.toString(), "--port", "0");
            try {
                String uri = ServerProcesses.awaitUri(server);
                try (DeltacatClient client = DeltacatClient.connect(ClientConfig.builder().uri(uri)
                        .allocator(allocator).build());
                     VectorSchemaRoot cats = Cats.first(allocator)) {
                    client.catalog().write(cats, w -> w.table("cool_cats"));
                }
            } finally {
                server.destroy();
                assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            Process again = launch("server", "--root", dir.toString(), "--port", "0");
            try {
                String uri = ServerProcesses.awaitUri(again);
                try (DeltacatClient client = DeltacatClient.connect(ClientConfig.builder().uri(uri)
                        .allocator(allocator).build())) {
                    assertThat(Rows.of(client.catalog().readAll(q -> q.table("cool_cats")))).hasSize(3);
                }
            } finally {
                again.destroy();
                again.waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(allocator.getAllocatedMemory()).isZero();
        }
    }
}
