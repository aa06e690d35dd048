package io.deltacat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MaintenanceTest extends ServerTestSupport {

    @Test
    void abandonedWritesExpireAndAreNeverVisible() throws Exception {
        start(b -> b.stagingTtl(Duration.ofMinutes(10)));
        writeFiles("kept", new long[] {1, 5});
        Resp abandoned = post("/v1/namespaces/default/tables/kept/writes", beginBody("append", SCHEMA));
        Path staged = stageJunk(abandoned, "lost.parquet", 64);
        Resp fresh = post("/v1/namespaces/default/tables/other/writes", beginBody("auto", SCHEMA));

        assertThat(server.runMaintenance()).as("nothing is due yet").isZero();
        assertThat(staged).exists();

        clock.advance(Duration.ofMinutes(11));
        assertThat(server.runMaintenance()).isEqualTo(2);
        assertThat(staged).doesNotExist();
        assertThat(staged.getParent()).doesNotExist();
        assertThat(get("/v1/writes/" + abandoned.text("writeId")).text("state")).isEqualTo("expired");
        assertProblem(post("/v1/writes/" + abandoned.text("writeId") + "/commit",
                commitBody(file("lost.parquet", 64, 1, 1, 1))), 409, "conflict", "expired");
        assertProblem(post("/v1/writes/" + fresh.text("writeId") + "/commit", commitBody()), 409, "conflict");
        assertProblem(get("/v1/namespaces/default/tables/other"), 404, "not-found");

        Resp plan = post("/v1/namespaces/default/tables/kept/plan", obj());
        assertThat(plan.body().get("totalFiles").asLong()).isEqualTo(1);
        assertThat(plan.raw()).doesNotContain("lost.parquet");
        assertThat(server.runMaintenance()).isZero();
    }

    @Test
    void aCommitAfterTheDeadlineIsRefusedEvenBeforeMaintenance() throws Exception {
        start(b -> b.stagingTtl(Duration.ofMinutes(1)));
        Resp s = post("/v1/namespaces/default/tables/late/writes", beginBody("auto", SCHEMA));
        Path staged = stageJunk(s, "f.parquet", 3);
        clock.advance(Duration.ofMinutes(2));
        assertProblem(post("/v1/writes/" + s.text("writeId") + "/commit", commitBody(file("f.parquet", 3, 1, 1, 1))),
                409, "conflict", "expired");
        assertThat(staged).doesNotExist();
        assertThat(get("/v1/writes/" + s.text("writeId")).text("state")).isEqualTo("expired");
    }

    /** Every regular file under the data root but the server's own folder. */
    private List<Path> dataFiles() throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> !root.relativize(p).startsWith(".deltacat")).sorted()
                    .toList();
        }
    }

    @Test
    void filesNothingReferencesAreDeletedAfterTheGracePeriod() throws Exception {
        start(b -> b.leftoverGrace(Duration.ZERO));
        writeFiles("t", new long[] {1, 5}, new long[] {6, 9});
        List<Path> committed = dataFiles();
        Resp open = post("/v1/namespaces/default/tables/t/writes", beginBody("append", SCHEMA));
        stage(open, "pending.parquet", 10, 11);
        // what a compaction or write killed half way leaves: a part file and a hidden temporary one
        Path data = root.resolve("default").resolve("t").resolve("data");
        Path killed = Files.createDirectories(data.resolve("compacted-gone-1"));
        Files.writeString(killed.resolve("part-00000.parquet"), "half");
        Files.writeString(killed.resolve(".part-00001.parquet.123.tmp"), "half");
        Files.writeString(data.resolve("stray.parquet"), "stray");
        Files.createDirectories(root.resolve("ghost").resolve("t"));
        Files.writeString(root.resolve("ghost").resolve("t").resolve("f.parquet"), "of a namespace never created");

        server.runMaintenance();
        List<Path> after = dataFiles();
        assertThat(after).containsAll(committed).contains(Path.of(java.net.URI.create(open.text("stagingUri")))
                .resolve("pending.parquet"));
        assertThat(after).hasSize(committed.size() + 1);
        assertThat(root.resolve(".deltacat").resolve("metadata.db")).exists();
        assertThat(post("/v1/namespaces/default/tables/t/plan", obj()).body().get("files")).hasSize(2);
    }

    @Test
    void aYoungLeftoverIsKeptUntilItsGraceEnds() throws Exception {
        start(b -> b.leftoverGrace(Duration.ofHours(1)));
        Path data = Files.createDirectories(root.resolve("default").resolve("t").resolve("data"));
        Path young = Files.writeString(data.resolve("young.parquet"), "may be committed soon");
        Path old = Files.writeString(data.resolve("old.parquet"), "left long ago");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        server.runMaintenance();
        assertThat(young).exists();
        assertThat(old).doesNotExist();
    }

    @Test
    void theFilesOfADroppedTableGoAfterTheRetentionWindow() throws Exception {
        start(b -> b.supersededFileRetention(Duration.ofDays(1)).leftoverGrace(Duration.ZERO));
        writeFiles("dropped", new long[] {1, 5});
        writeFiles("kept", new long[] {1, 5});
        long dropped = post("/v1/namespaces/default/tables/dropped/plan", obj()).body().get("snapshotTime").asLong();
        List<Path> before = dataFiles();
        assertThat(delete("/v1/namespaces/default/tables/dropped").status()).isEqualTo(204);
        server.runMaintenance();
        assertThat(dataFiles()).as("within the window the drop can still be looked back on").isEqualTo(before);

        clock.advance(Duration.ofDays(2));
        server.runMaintenance();
        assertThat(dataFiles()).hasSize(1).allMatch(p -> p.startsWith(root.resolve("default").resolve("kept")));
        assertThat(post("/v1/namespaces/default/tables/kept/plan", obj()).body().get("files")).hasSize(1);
        assertThat(dropped).isPositive();
    }

    @Test
    void maintenanceRunsWhenTheServerStarts() throws Exception {
        Path data = Files.createDirectories(root.resolve("default").resolve("t").resolve("data"));
        Path stray = Files.writeString(data.resolve("stray.parquet"), "left by a server that was killed");
        start(b -> b.leftoverGrace(Duration.ZERO).maintenanceInterval(Duration.ofHours(1)));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Files.exists(stray) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(stray).as("deleted by the pass at start, long before the hourly one").doesNotExist();
    }
}
