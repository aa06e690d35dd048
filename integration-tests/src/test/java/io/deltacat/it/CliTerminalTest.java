package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.server.DeltacatServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code deltacat} command as a person at a terminal uses it: run under a
 * pseudo-terminal (util-linux {@code script}), long writes, reads to files and compactions draw a
 * progress bar and a drop asks for confirmation; run from a script (pipes) the same commands print
 * only their result lines and never wait for an answer.
 */
class CliTerminalTest {
    private static final Path CLI = Path.of(System.getProperty("deltacat.cli.dir", "../cli/target"), "deltacat");
    private static final String BAR_REDRAW = "\u001b[K";

    @TempDir
    Path dir;

    private record Run(int code, String out) {
    }

    /** Runs the CLI on a pseudo-terminal with {@code input} typed at it. */
    private static Run onTerminal(String input, String... args) throws IOException, InterruptedException {
        List<String> words = new ArrayList<>(List.of(CLI.toAbsolutePath().toString()));
        words.addAll(List.of(args));
        String line = words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        return run(input, List.of("script", "-qefc", line, "/dev/null"));
    }

    private static Run piped(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CLI.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return run("", command);
    }

    private static Run run(String input, List<String> command) throws IOException, InterruptedException {
        assertThat(CLI).as("the CLI is packaged before the integration tests run").isExecutable();
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("COLUMNS", "120");
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as(out).isTrue();
        return new Run(p.exitValue(), out);
    }

    private Path csv(String name, int rows) throws IOException {
        StringBuilder b = new StringBuilder("id,name,score\n");
        for (int i = 0; i < rows; i++) {
            b.append(i).append(",cat").append(i).append(',').append(i * 0.5).append('\n');
        }
        return Files.writeString(dir.resolve(name), b);
    }

    @Test
    void writesReadsToFilesAndCompactionsDrawAProgressBarOnATerminalOnly() throws Exception {
        try (DeltacatServer server = DeltacatServer.builder().root(dir.resolve("root")).build().start()) {
            String uri = server.uri().toString();
            Path a = csv("a.csv", 70_000);
            Path b = csv("b.csv", 70_000);

            Run write = onTerminal("", "write", a.toString(), b.toString(), "--table", "zoo.cats", "--server", uri);
            assertThat(write.code()).as(write.out()).isZero();
            assertThat(write.out()).as(write.out()).contains("write zoo.cats", "100%", "140000 rows, 2/2 files",
                    BAR_REDRAW, "Committed 140000 rows from 2 file(s)");

            Run quiet = piped("write", a.toString(), "--table", "zoo.cats", "--mode", "append", "--server", uri);
            assertThat(quiet.code()).as(quiet.out()).isZero();
            assertThat(quiet.out().strip()).as("only the result line").startsWith("Committed 70000 rows")
                    .doesNotContain(BAR_REDRAW, "%", "\r");

            Path out = dir.resolve("out/cats.parquet");
            Run read = onTerminal("", "read", "zoo.cats", "--out", out.toString(), "--server", uri);
            assertThat(read.code()).as(read.out()).isZero();
            assertThat(read.out()).as(read.out()).contains("read zoo.cats", "100%", "210000/210000 rows",
                    "Wrote 210000 rows to " + out);
            assertThat(out).isRegularFile();

            piped("write", b.toString(), "--table", "zoo.cats", "--mode", "append", "--server", uri);
            Run compact = onTerminal("", "tables", "compact", "zoo.cats", "--wait", "--server", uri);
            assertThat(compact.code()).as(compact.out()).isZero();
            // compaction reports one progress event per input file; the bar ends on the last
            assertThat(compact.out()).as(compact.out()).contains("Submitted compaction of zoo.cats", "100%",
                    "event progress 3/3", "succeeded, 280000 records");
            try (DeltacatClient client = DeltacatClient.connect(ClientConfig.builder().uri(uri).build())) {
                assertThat(client.catalog().getTable("zoo", "cats").rowCount()).isEqualTo(280_000);
                assertThat(client.catalog().getTable("zoo", "cats").fileCount()).isEqualTo(1);
            }
        }
    }

    @Test
    void dropAsksAPersonAtATerminalAndNeverAScript() throws Exception {
        try (DeltacatServer server = DeltacatServer.builder().root(dir.resolve("root")).build().start();
             DeltacatClient client = DeltacatClient.connect(ClientConfig.builder().uri(server.uri()).build())) {
            String uri = server.uri().toString();
            Path a = csv("a.csv", 3);
            assertThat(piped("write", a.toString(), "--table", "zoo.cats", "--server", uri).code()).isZero();
            assertThat(piped("write", a.toString(), "--table", "zoo.dogs", "--server", uri).code()).isZero();

            Run no = onTerminal("n\n", "tables", "drop", "zoo.cats", "--server", uri);
            assertThat(no.code()).as(no.out()).isZero();
            assertThat(no.out()).contains("Drop table zoo.cats (3 rows, 1 files)? [y/N]", "Kept table zoo.cats");
            assertThat(client.catalog().tableExists("zoo", "cats")).isTrue();

            Run yes = onTerminal("y\n", "tables", "drop", "zoo.cats", "--server", uri);
            assertThat(yes.code()).as(yes.out()).isZero();
            assertThat(yes.out()).contains("[y/N]", "Dropped table zoo.cats");
            assertThat(client.catalog().tableExists("zoo", "cats")).isFalse();

            Run script = piped("tables", "drop", "zoo.dogs", "--server", uri);
            assertThat(script.code()).as(script.out()).isZero();
            assertThat(script.out()).doesNotContain("[y/N]").contains("Dropped table zoo.dogs");
            assertThat(client.catalog().tableExists("zoo", "dogs")).isFalse();
        }
    }
}
