package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.error.AlreadyExistsException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.model.ReadPlan;
import io.deltacat.api.model.ReplicationState;
import io.deltacat.api.model.RootReplication;
import io.deltacat.api.model.WriteResult;
import io.deltacat.server.StorageRoot;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data placement end to end, with real parts: one server with three roots, a local directory (the
 * home root) and two s3proxy instances (separate processes, ports and stores), each behind a
 * {@link CountingProxy} that counts the object GETs it passes, so each read shows which store served
 * it. Placing with backfill, automatic replication of later writes, reads with a root (and as of a
 * time) that read each file from its copy there or from home, a store that goes down (writes and
 * home reads go on, replication lags with the error, reads fall back) and comes back (replication
 * catches up), placing without backfill, unplacing, compaction and retention, and the typed errors.
 */
class PlacementEndToEndTest {
    private static final int ROWS = 500;

    @TempDir
    Path dir;
    private S3ProxyProcess s3East;
    private S3ProxyProcess s3West;
    private CountingProxy east;
    private CountingProxy west;
    private Fixture fx;
    private CatalogClient catalog;

    @BeforeEach
    void start() throws IOException {
        // this test brings its own stores: the suite's s3 round would only run it again
        assumeFalse(Fixture.usesS3());
        s3East = S3ProxyProcess.start();
        s3West = S3ProxyProcess.start();
        s3East.createBucket("east");
        s3West.createBucket("west");
        east = new CountingProxy(URI.create(s3East.endpoint()).getPort());
        west = new CountingProxy(URI.create(s3West.endpoint()).getPort());
        fx = new Fixture(dir.resolve("state"), b -> b.roots(List.of(StorageRoot.local("home", dir.resolve("home")),
                        StorageRoot.s3("east", "s3://east/lake/", s3East.settings(Map.of("endpoint", east.endpoint()))),
                        StorageRoot.s3("west", "s3://west/lake/", s3West.settings(Map.of("endpoint", west.endpoint())))))
                .jobRetryBackoff(Duration.ofMillis(200)).replication(2, 4, Duration.ofMillis(300))
                .supersededFileRetention(Duration.ofSeconds(2)).leftoverGrace(Duration.ofHours(1)));
        catalog = fx.client.catalog();
    }

    @AfterEach
    void stop() throws IOException {
        if (fx != null) {
            fx.close();
        }
        for (AutoCloseable c : new AutoCloseable[] {east, west, s3East, s3West}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    private WriteResult write(String table, long start) {
        try (VectorSchemaRoot cats = Cats.generated(fx.allocator, start, ROWS)) {
            return catalog.write(cats, w -> w.table(table));
        }
    }

    /** Rows read and the sum of their ids (a read that missed or doubled a file shows in both). */
    private long[] read(Consumer<io.deltacat.api.options.ReadOptions.Builder> options) {
        return IdSums.of(catalog, options);
    }

    /** What {@code n} batches of {@link #write} hold: rows and id sum. */
    private static long[] expected(int batches) {
        return IdSums.firstIds((long) batches * ROWS);
    }

    private RootReplication status(String table, String root) {
        return catalog.replicationStatus("default", table).stream().filter(r -> r.root().equals(root)).findFirst()
                .orElseThrow();
    }

    private RootReplication awaitState(String table, String root, ReplicationState state, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RootReplication s = status(table, root);
        while (s.state() != state && System.nanoTime() < deadline) {
            Thread.sleep(100);
            s = status(table, root);
        }
        assertThat(s.state()).as("replication of %s to %s: %s", table, root, s).isEqualTo(state);
        return s;
    }

    private static List<String> uris(ReadPlan plan) {
        return plan.files().stream().map(f -> f.uri()).toList();
    }

    /** The objects of a bucket in an s3proxy's store (its filesystem backend: a file per object). */
    private static List<Path> objects(S3ProxyProcess s3, String bucket) throws IOException {
        try (Stream<Path> s = Files.walk(s3.dataDir().resolve(bucket))) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void placeBackfillReplicateReadFromARootFallBackAndCatchUp() throws Exception {
        write("mice", 0);
        WriteResult second = write("mice", ROWS);
        write("mice", 2 * ROWS);

        List<RootReplication> placed = catalog.place("default", "mice", List.of("east", "west"), true);
        assertThat(placed).extracting(RootReplication::root).containsExactly("east", "west");
        assertThat(placed).allSatisfy(r -> {
            assertThat(r.backfill()).isTrue();
            assertThat(r.state()).isIn(ReplicationState.BACKFILLING, ReplicationState.IN_SYNC);
        });
        awaitState("mice", "east", ReplicationState.IN_SYNC, Duration.ofSeconds(60));
        awaitState("mice", "west", ReplicationState.IN_SYNC, Duration.ofSeconds(60));

        // later writes replicate by themselves
        WriteResult fourth = write("mice", 3 * ROWS);
        RootReplication e = awaitState("mice", "east", ReplicationState.IN_SYNC, Duration.ofSeconds(60));
        awaitState("mice", "west", ReplicationState.IN_SYNC, Duration.ofSeconds(60));
        assertThat(e.lastReplicatedCommitTime()).hasValue(fourth.commitTime());
        assertThat(e.commitsBehind()).isZero();
        assertThat(e.bytesBehind()).isZero();
        assertThat(e.lastError()).isEmpty();
        assertThat(objects(s3East, "east")).hasSize(4);
        assertThat(objects(s3West, "west")).hasSize(4);

        // reads with a root read every file there, and only there
        assertThat(uris(catalog.plan(q -> q.table("mice").root("east")))).hasSize(4)
                .allSatisfy(u -> assertThat(u).startsWith("s3://east/lake/default/mice/"));
        int e0 = east.objectGets();
        int w0 = west.objectGets();
        assertThat(read(q -> q.table("mice").root("east"))).containsExactly(expected(4));
        assertThat(east.objectGets()).as("east served the read").isGreaterThanOrEqualTo(e0 + 4);
        assertThat(west.objectGets()).as("west served nothing").isEqualTo(w0);
        int e1 = east.objectGets();
        assertThat(read(q -> q.table("mice").root("west"))).containsExactly(expected(4));
        assertThat(west.objectGets()).as("west served the read").isGreaterThanOrEqualTo(w0 + 4);
        assertThat(east.objectGets()).isEqualTo(e1);
        int w1 = west.objectGets();
        assertThat(read(q -> q.table("mice"))).containsExactly(expected(4));
        assertThat(east.objectGets() + west.objectGets()).as("a read without a root reads home").isEqualTo(e1 + w1);
        // as of a time, the same way
        assertThat(uris(catalog.plan(q -> q.table("mice").root("west").asOf(second.commitTime())))).hasSize(2)
                .allSatisfy(u -> assertThat(u).startsWith("s3://west/lake/"));
        assertThat(read(q -> q.table("mice").root("west").asOf(second.commitTime()))).containsExactly(expected(2));

        // west goes down: writes and home reads go on, west lags with the error
        west.stop();
        WriteResult fifth = write("mice", 4 * ROWS);
        assertThat(read(q -> q.table("mice"))).containsExactly(expected(5));
        awaitState("mice", "east", ReplicationState.IN_SYNC, Duration.ofSeconds(60));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        RootReplication w = status("mice", "west");
        while (w.lastError().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            w = status("mice", "west");
        }
        assertThat(w.state()).isIn(ReplicationState.LAGGING, ReplicationState.FAILED);
        assertThat(w.lastError()).as("the unreachable root's error").isPresent();
        assertThat(w.commitsBehind()).isEqualTo(1);
        assertThat(w.bytesBehind()).isPositive();
        assertThat(w.lastReplicatedCommitTime()).hasValue(fourth.commitTime());
        // a plan with west reads the new file from home, the others from west: complete, file by file
        ReadPlan fallback = catalog.plan(q -> q.table("mice").root("west"));
        List<String> planned = uris(fallback);
        // access is vended for the roots the plan names: a presigned URL per west copy, none for home
        assertThat(fallback.credentials()).extracting(io.deltacat.api.model.StorageCredential::prefix)
                .containsExactlyInAnyOrderElementsOf(planned.stream().filter(u -> u.startsWith("s3://")).toList());
        assertThat(planned).hasSize(5);
        assertThat(planned.stream().filter(u -> u.startsWith("file:"))).hasSize(1);
        assertThat(planned.stream().filter(u -> u.startsWith("s3://west/"))).hasSize(4);
        assertThat(read(q -> q.table("mice").root("east"))).containsExactly(expected(5));

        // west comes back: replication catches up, and west serves every file again
        west.start();
        RootReplication back = awaitState("mice", "west", ReplicationState.IN_SYNC, Duration.ofSeconds(120));
        assertThat(back.lastReplicatedCommitTime()).hasValue(fifth.commitTime());
        assertThat(back.lastError()).isEmpty();
        int w2 = west.objectGets();
        assertThat(uris(catalog.plan(q -> q.table("mice").root("west"))))
                .allSatisfy(u -> assertThat(u).startsWith("s3://west/"));
        assertThat(read(q -> q.table("mice").root("west"))).containsExactly(expected(5));
        assertThat(west.objectGets()).isGreaterThanOrEqualTo(w2 + 5);
    }

    @Test
    void withoutBackfillOnlyLaterCommitsAreCopied() throws Exception {
        write("rats", 0);
        assertThat(catalog.place("default", "rats", List.of("east"), false)).singleElement()
                .satisfies(r -> assertThat(r.state()).isEqualTo(ReplicationState.IN_SYNC));
        write("rats", ROWS);
        awaitState("rats", "east", ReplicationState.IN_SYNC, Duration.ofSeconds(60));
        assertThat(objects(s3East, "east")).hasSize(1);
        List<String> planned = uris(catalog.plan(q -> q.table("rats").root("east")));
        assertThat(planned.get(0)).startsWith("file:");
        assertThat(planned.get(1)).startsWith("s3://east/");
        assertThat(read(q -> q.table("rats").root("east"))).containsExactly(expected(2));
    }

    @Test
    void badPlacementsAreTypedErrors() {
        write("voles", 0);
        assertThatThrownBy(() -> catalog.place("default", "voles", List.of("mars"), true))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("mars");
        assertThatThrownBy(() -> catalog.place("default", "voles", List.of("home"), true))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("home root");
        catalog.place("default", "voles", List.of("east"), true);
        assertThatThrownBy(() -> catalog.place("default", "voles", List.of("west", "east"), true))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("already placed");
        assertThat(catalog.replicationStatus("default", "voles")).extracting(RootReplication::root)
                .as("a refused placement places nothing").containsExactly("east");
        assertThatThrownBy(() -> catalog.unplace("default", "voles", "west")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> catalog.plan(q -> q.table("voles").root("mars"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> catalog.place("default", "nope", List.of("east"), true))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void unplaceStopsReplicationAndDeletesTheCopiesAfterTheRetentionWindow() throws Exception {
        write("shrews", 0);
        catalog.place("default", "shrews", List.of("east"), true);
        awaitState("shrews", "east", ReplicationState.IN_SYNC, Duration.ofSeconds(60));
        assertThat(objects(s3East, "east")).hasSize(1);

        List<String> before = uris(catalog.plan(q -> q.table("shrews").root("east")));
        catalog.unplace("default", "shrews", "east");
        // a read planned before the unplace still finds its copy within the retention window (2 s here)
        assertThat(s3East.dataDir().resolve(before.get(0).substring("s3://".length()))).exists();
        RootReplication paused = status("shrews", "east");
        assertThat(paused.state()).isEqualTo(ReplicationState.PAUSED);
        assertThat(paused.deleteAfter()).isPresent();
        assertThat(uris(catalog.plan(q -> q.table("shrews").root("east"))))
                .as("new plans read from home").allSatisfy(u -> assertThat(u).startsWith("file:"));
        write("shrews", ROWS);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        // the rows go first (no new plan names a copy from then on), then the objects
        while ((!catalog.replicationStatus("default", "shrews").isEmpty() || !objects(s3East, "east").isEmpty())
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(catalog.replicationStatus("default", "shrews")).as("the placement is gone").isEmpty();
        assertThat(objects(s3East, "east")).as("its copies are deleted, nothing of the later write copied").isEmpty();
        assertThat(read(q -> q.table("shrews").root("east"))).containsExactly(expected(2));
    }

    @Test
    void compactionOutputsReplicateAndRetentionDeletesTheCopiesOfRemovedFiles() throws Exception {
        for (int i = 0; i < 3; i++) {
            write("moles", (long) i * ROWS);
        }
        catalog.place("default", "moles", List.of("east"), true);
        awaitState("moles", "east", ReplicationState.IN_SYNC, Duration.ofSeconds(60));
        assertThat(objects(s3East, "east")).hasSize(3);

        var jobs = fx.client.jobs();
        assertThat(jobs.waitFor(jobs.submitCompaction("default", "moles").id(), Duration.ofSeconds(60)).state())
                .isEqualTo(io.deltacat.api.model.JobState.SUCCEEDED);
        awaitState("moles", "east", ReplicationState.IN_SYNC, Duration.ofSeconds(60));
        List<String> planned = uris(catalog.plan(q -> q.table("moles").root("east")));
        assertThat(planned).hasSize(1).allSatisfy(u -> assertThat(u).startsWith("s3://east/").contains("compacted-"));
        assertThat(read(q -> q.table("moles").root("east"))).containsExactly(expected(3));

        // past the retention window the superseded files go, at home and at east
        Thread.sleep(2500);
        fx.server.runMaintenance();
        assertThat(objects(s3East, "east")).as("only the compacted file's copy is left").hasSize(1);
        assertThat(read(q -> q.table("moles").root("east"))).containsExactly(expected(3));
    }

    @Test
    void aTornCopyAtThePlacedRootIsReplacedNotServed() throws Exception {
        write("bats", 0);
        String home = uris(catalog.plan(q -> q.table("bats"))).get(0);
        String copy = "s3://east/lake/" + home.substring(home.indexOf("/default/bats/") + 1);
        // what a copy killed half way, or a store that damaged it, would leave: the first bytes only
        byte[] bytes = Files.readAllBytes(Path.of(URI.create(home)));
        var store = io.deltacat.io.spi.Storages.forUri(copy, io.deltacat.io.spi.StorageAccess.configured(
                s3East.settings(Map.of("endpoint", east.endpoint()))));
        try (var out = store.outputFile(copy).create()) {
            out.write(bytes, 0, bytes.length / 2);
        }
        catalog.place("default", "bats", List.of("east"), true);
        awaitState("bats", "east", ReplicationState.IN_SYNC, Duration.ofSeconds(60));
        assertThat(uris(catalog.plan(q -> q.table("bats").root("east")))).containsExactly(copy);
        try (var in = store.inputFile(copy).open()) {
            assertThat(in.size()).as("the copy is the whole file").isEqualTo(bytes.length);
        }
        assertThat(read(q -> q.table("bats").root("east"))).containsExactly(expected(1));
    }

    @Test
    void aCopyThatFailsVerificationIsRetriedAndNeverServed() throws Exception {
        write("newts", 0);
        // west answers every object read with one byte damaged: the read-back of each copy mismatches
        west.corruptGets(true);
        west.resetPuts();
        catalog.place("default", "newts", List.of("west"), true);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        RootReplication s = status("newts", "west");
        while ((s.lastError().isEmpty() || west.objectPuts().values().stream().mapToInt(Integer::intValue).sum() < 2)
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
            s = status("newts", "west");
        }
        assertThat(s.lastError()).as("the failed verification is the last error").isPresent();
        assertThat(s.lastError().get()).contains("does not match");
        assertThat(s.state()).isIn(ReplicationState.BACKFILLING, ReplicationState.FAILED);
        assertThat(west.objectPuts().values()).as("copied again after each failed verification")
                .singleElement().satisfies(n -> assertThat(n).isGreaterThanOrEqualTo(2));
        assertThat(uris(catalog.plan(q -> q.table("newts").root("west")))).as("a copy that failed is never served")
                .singleElement().satisfies(u -> assertThat(u).startsWith("file:"));

        west.corruptGets(false);
        RootReplication ok = awaitState("newts", "west", ReplicationState.IN_SYNC, Duration.ofSeconds(120));
        assertThat(ok.lastError()).isEmpty();
        assertThat(uris(catalog.plan(q -> q.table("newts").root("west")))).singleElement()
                .satisfies(u -> assertThat(u).startsWith("s3://west/"));
        assertThat(read(q -> q.table("newts").root("west"))).containsExactly(expected(1));
    }
}
