package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.deltacat.server.DeltacatServer;
import io.deltacat.server.StorageRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The placement commands of the packaged {@code deltacat} launcher, as separate processes against a
 * server with two local roots: place, the replication status until in sync, a read from the placed
 * root, the typed errors as exit codes, unplace.
 */
class PlacementCliProcessTest {
    private static final Path CLI = Path.of(System.getProperty("deltacat.cli.dir", "../cli/target"), "deltacat");

    @TempDir
    Path dir;

    private record Run(int code, String out) {
    }

    private Run cli(String server, String... args) throws IOException, InterruptedException {
        assertThat(CLI).as("the CLI is packaged before the integration tests run").isExecutable();
        List<String> command = new ArrayList<>(List.of(CLI.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--server", server));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private static List<Path> files(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void placeWatchReadAndUnplaceFromTheCommandLine() throws Exception {
        // an embedded server with its own local roots and SQLite: the PostgreSQL and s3 rounds would
        // only run the same thing again (the other placement tests cover both stores)
        assumeFalse(Fixture.usesPostgres() || Fixture.usesS3());
        Path far = dir.resolve("far");
        try (DeltacatServer server = DeltacatServer.builder().root(dir.resolve("home"))
                .roots(List.of(StorageRoot.local("home", dir.resolve("home")), StorageRoot.local("far", far)))
                .replication(1, 2, Duration.ofMillis(200)).build().start()) {
            String uri = server.uri().toString();
            Path csv = Files.writeString(dir.resolve("cats.csv"), "id,name\n1,Cheshire\n2,Dinah\n");
            Run write = cli(uri, "write", csv.toString(), "--table", "zoo.cats");
            assertThat(write.code()).as(write.out()).isZero();

            Run place = cli(uri, "tables", "place", "zoo.cats", "--root", "far", "--output", "json");
            assertThat(place.code()).as(place.out()).isZero();
            assertThat(place.out()).contains("\"root\"", "far");

            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Run status = cli(uri, "tables", "replication", "zoo.cats", "--output", "json");
            while (!status.out().contains("in_sync") && System.nanoTime() < deadline) {
                Thread.sleep(200);
                status = cli(uri, "tables", "replication", "zoo.cats", "--output", "json");
            }
            assertThat(status.code()).as(status.out()).isZero();
            assertThat(status.out()).contains("in_sync");
            assertThat(files(far)).as("the copy at far").hasSize(1);

            Run read = cli(uri, "read", "zoo.cats", "--root", "far", "--filter", "name = 'Dinah'");
            assertThat(read.code()).as(read.out()).isZero();
            assertThat(read.out()).contains("Dinah", "(1 row)");

            Run twice = cli(uri, "tables", "place", "zoo.cats", "--root", "far");
            assertThat(twice.code()).as(twice.out()).isEqualTo(4);
            assertThat(twice.out()).contains("already placed").doesNotContain("\tat ");
            Run unknown = cli(uri, "tables", "place", "zoo.cats", "--root", "mars");
            assertThat(unknown.code()).as(unknown.out()).isEqualTo(3);
            Run home = cli(uri, "tables", "place", "zoo.cats", "--root", "home");
            assertThat(home.code()).as(home.out()).isEqualTo(5);
            assertThat(home.out()).contains("home root");

            Run unplace = cli(uri, "tables", "unplace", "zoo.cats", "--root", "far");
            assertThat(unplace.code()).as(unplace.out()).isZero();
            Run again = cli(uri, "tables", "unplace", "zoo.cats", "--root", "far");
            assertThat(again.code()).as(again.out()).isEqualTo(3);
            Run paused = cli(uri, "tables", "replication", "zoo.cats", "--output", "json");
            assertThat(paused.out()).contains("paused");
        }
    }
}
