package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.api.DeltacatClient;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application with only {@code client} + {@code transport-http} + {@code io-parquet} (and their own
 * dependencies) on its module path ({@code examples/selective-app}), run in a child JVM against an
 * embedded server: Parquet works, ORC fails naming the module to add; with the example plugin jar added
 * to the module path, the plugin's format works too against a server that has the plugin as well (a
 * server reads every file a client commits, so one without the format's provider refuses it).
 */
class SelectiveInclusionTest {
    private static final Path APP_DIR = Path.of(System.getProperty("deltacat.selective.dir",
            "../examples/selective-app/target"));
    private static final Path CLI = Path.of(System.getProperty("deltacat.cli.dir", "../cli/target"), "deltacat");
    private static final Path PLUGIN_DIR = Path.of(System.getProperty("deltacat.plugin.dir",
            "../examples/format-plugin/target"));

    @TempDir
    Path dir;
    Fixture fx;

    @BeforeEach
    void start() {
        fx = new Fixture(dir);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private static Path jar(Path targetDir, String prefix) throws Exception {
        assertThat(targetDir).as("%s is built before the integration tests run", targetDir).isDirectory();
        try (Stream<Path> s = Files.list(targetDir)) {
            List<Path> jars = s.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(".jar")).collect(Collectors.toList());
            assertThat(jars).as("the %s jar in %s", prefix, targetDir).hasSize(1);
            return jars.get(0);
        }
    }

    /** The application's module path: its own jar and its runtime dependencies, nothing else. */
    private static List<String> modulePath() throws Exception {
        Path file = APP_DIR.resolve("module-path.txt");
        assertThat(file).as("examples/selective-app writes its module path at package time").isRegularFile();
        List<String> entries = new ArrayList<>();
        entries.add(jar(APP_DIR, "deltacat-example-selective-app").toString());
        entries.addAll(Arrays.asList(Files.readString(file).trim().split(File.pathSeparator)));
        return entries;
    }

    private String run(List<String> modulePath, String... args) throws Exception {
        return run(fx.server.uri().toString(), modulePath, args);
    }

    private String run(String server, List<String> modulePath, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=org.apache.arrow.memory.core",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "--module-path", String.join(File.pathSeparator, modulePath),
                "--module", "io.deltacat.example.selective/io.deltacat.example.selective.Main",
                server));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void onlyTheIncludedFormatsAreAvailableAndAPluginJarAddsOne() throws Exception {
        List<String> path = modulePath();
        String joined = String.join("\n", path);
        assertThat(joined).contains("deltacat-client", "deltacat-transport-http", "deltacat-io-parquet")
                .doesNotContain("deltacat-io-orc", "deltacat-io-avro", "deltacat-io-lance", "deltacat-io-text",
                        "deltacat-server", "deltacat-example-format-plugin");

        String parquet = run(path, "parquet", "cats_parquet");
        // the client needs auth for the renewal of vended storage access (VendedCredentials), and the
        // wire model it shares with the server
        assertThat(parquet).contains("MODULES io.deltacat.api,io.deltacat.auth,io.deltacat.bundle.parquet,io.deltacat.client,io.deltacat.example.selective,"
                + "io.deltacat.io.parquet,io.deltacat.io.spi,io.deltacat.transport.http,io.deltacat.wire\n");
        assertThat(parquet).contains("WROTE 3", "OK parquet 3", "Cheshire", "Dinah");

        String orc = run(path, "orc", "cats_orc");
        assertThat(orc).contains("MISSING UnsupportedFeatureException")
                .contains("'orc'").contains("io.deltacat.io.orc");
        assertThat(fx.client.catalog().tableExists("default", "cats_orc")).isFalse();

        // the embedded server has no arrowz provider: it cannot check such files, so it refuses them
        List<String> withPlugin = new ArrayList<>(path);
        withPlugin.add(jar(PLUGIN_DIR, "deltacat-example-format-plugin").toString());
        assertThat(run(withPlugin, "arrowz", "cats_arrowz")).contains("InvalidRequestException")
                .contains("no provider for format 'arrowz'");
        assertThat(fx.client.catalog().tableExists("default", "cats_arrowz")).isFalse();

        // a server given the plugin too (the launcher's DELTACAT_MODULE_PATH) stores the plugin's format
        Path pluginRoot = dir.resolve("plugin-server");
        ProcessBuilder pb = new ProcessBuilder(CLI.toString(), "server", "--root", pluginRoot.toString(), "--port", "0")
                .redirectErrorStream(true);
        pb.environment().put("DELTACAT_MODULE_PATH", jar(PLUGIN_DIR, "deltacat-example-format-plugin").toString());
        Process server = pb.start();
        String uri = ServerProcesses.awaitUri(server);
        try (DeltacatClient client = DeltacatClient.connect(uri)) {
            String plugin = run(uri, withPlugin, "arrowz", "cats_arrowz");
            assertThat(plugin).contains("io.deltacat.example.plugin")
                    .contains("WROTE 3", "OK arrowz 3", "Cheshire", "Dinah");
            assertThat(client.catalog().getTable("cats_arrowz").format()).isEqualTo("arrowz");
            try (Stream<Path> files = Files.walk(pluginRoot.resolve("default").resolve("cats_arrowz"))) {
                assertThat(files.filter(f -> f.toString().endsWith(".arrowz")).count()).isEqualTo(1);
            }
        } finally {
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
