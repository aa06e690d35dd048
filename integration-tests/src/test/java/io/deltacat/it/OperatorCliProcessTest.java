package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.server.DeltacatServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged artifacts as an operator runs them, as separate processes: the {@code deltacat}
 * launcher's client commands with a profile from the user's home, and the runnable
 * {@code compat-runbook.jar} and {@code deltacat compat} writing their reports.
 */
class OperatorCliProcessTest {
    private static final Path CLI = Path.of(System.getProperty("deltacat.cli.dir", "../cli/target"), "deltacat");
    private static final Path JAR = Path.of(System.getProperty("deltacat.compat.jar",
            "../compat-runbook/target/compat-runbook.jar"));

    @TempDir
    Path dir;

    private record Run(int code, String out) {
    }

    private Run run(Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private Run cli(Map<String, String> env, String... args) throws IOException, InterruptedException {
        assertThat(CLI).as("the CLI is packaged before the integration tests run").isExecutable();
        List<String> command = new ArrayList<>(List.of(CLI.toString()));
        command.addAll(List.of(args));
        return run(env, command);
    }

    @Test
    void clientCommandsUseTheProfileInTheUsersHome() throws Exception {
        try (DeltacatServer server = DeltacatServer.builder().root(dir.resolve("root")).build().start()) {
            Path home = Files.createDirectories(dir.resolve("home"));
            Files.createDirectories(home.resolve(".deltacat"));
            Files.writeString(home.resolve(".deltacat/config"), "[profile it]\nserver = " + server.uri() + "\n");
            Map<String, String> env = Map.of("DELTACAT_PROFILE", "it", "DELTACAT_JAVA_OPTS", "-Duser.home=" + home);
            Path csv = Files.writeString(dir.resolve("cats.csv"), "id,name\n1,Cheshire\n2,Dinah\n");
            Run write = cli(env, "write", csv.toString(), "--table", "zoo.cats");
            assertThat(write.code()).as(write.out()).isZero();
            Run read = cli(env, "read", "zoo.cats", "--filter", "name = 'Dinah'");
            assertThat(read.code()).as(read.out()).isZero();
            assertThat(read.out()).contains("Dinah", "(1 row)").doesNotContain("Cheshire");
            Run missing = cli(env, "tables", "describe", "zoo.dogs");
            assertThat(missing.code()).isEqualTo(3);
            assertThat(missing.out()).contains("not found").doesNotContain("\tat ");
        }
    }

    @Test
    void theRunnableJarAndDeltacatCompatReportOnTheServer() throws Exception {
        try (DeltacatServer server = DeltacatServer.builder().root(dir.resolve("root")).build().start()) {
            assertThat(JAR).as("compat-runbook is packaged before the integration tests run").isRegularFile();
            Path reports = dir.resolve("jar-report");
            Run jar = run(Map.of(), List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    JAR.toString(), "--server", server.uri().toString(), "--scenarios",
                    "server/config,catalog/**,writes/format-parquet,reads/as-of", "--report", reports.toString()));
            assertThat(jar.code()).as(jar.out()).isZero();
            assertThat(jar.out()).contains("COMPATIBLE", "PASSED  writes/format-parquet");
            assertThat(Files.readString(reports.resolve("compat-report.xml"))).contains("failures=\"0\"");
            assertThat(reports.resolve("compat-report.md")).exists();

            Run cliCompat = cli(Map.of(), "compat", "--server", server.uri().toString(), "--read-only", "--report",
                    dir.resolve("cli-report").toString());
            assertThat(cliCompat.code()).as(cliCompat.out()).isZero();
            assertThat(Files.readString(dir.resolve("cli-report/compat-report.json"))).contains("\"succeeded\" : true",
                    "--read-only");
        }
    }
}
