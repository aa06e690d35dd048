package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.model.ReplicationState;
import io.deltacat.api.model.RootReplication;
import io.deltacat.server.StorageRoot;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A placed table renamed: its placement and replicas follow it (they are keyed by table id), later
 * writes replicate under the new name, and a read from the placed S3 root (an s3proxy process behind a
 * {@link CountingProxy}, with vended access) reads every file, those copied before the rename outside
 * the new name's folder included.
 */
class RenameTablePlacementTest {
    private static final int ROWS = 300;

    @TempDir
    Path dir;
    private S3ProxyProcess s3;
    private CountingProxy east;
    private Fixture fx;
    private CatalogClient catalog;

    @BeforeEach
    void start() throws Exception {
        assumeFalse(Fixture.usesS3()); // it brings its own store
        s3 = S3ProxyProcess.start();
        s3.createBucket("east");
        east = new CountingProxy(URI.create(s3.endpoint()).getPort());
        fx = new Fixture(dir.resolve("state"), b -> b.roots(List.of(StorageRoot.local("home", dir.resolve("home")),
                        StorageRoot.s3("east", "s3://east/lake/", s3.settings(Map.of("endpoint", east.endpoint())))))
                .jobRetryBackoff(Duration.ofMillis(200)).replication(2, 4, Duration.ofMillis(300)));
        catalog = fx.client.catalog();
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {fx, east, s3}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    private void write(String table, long start) {
        try (VectorSchemaRoot cats = Cats.generated(fx.allocator, start, ROWS)) {
            catalog.write(cats, w -> w.table(table));
        }
    }

    /** Rows read and the sum of their ids. */
    private long[] read(Consumer<io.deltacat.api.options.ReadOptions.Builder> options) {
        return IdSums.of(catalog, options);
    }

    private static long[] expected(int batches) {
        return IdSums.firstIds((long) batches * ROWS);
    }

    private RootReplication awaitInSync(String table, long throughAtLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        RootReplication s = status(table);
        while ((s.state() != ReplicationState.IN_SYNC || s.lastReplicatedCommitTime().orElse(0) < throughAtLeast)
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            s = status(table);
        }
        assertThat(s.state()).as("replication of %s: %s", table, s).isEqualTo(ReplicationState.IN_SYNC);
        assertThat(s.lastReplicatedCommitTime().orElse(0)).isGreaterThanOrEqualTo(throughAtLeast);
        return s;
    }

    private RootReplication status(String table) {
        return catalog.replicationStatus("default", table).stream().filter(r -> r.root().equals("east"))
                .findFirst().orElseThrow();
    }

    @Test
    void aPlacedTableKeepsItsPlacementAndReplicasAcrossARename() throws Exception {
        write("mice", 0);
        write("mice", ROWS);
        catalog.place("default", "mice", List.of("east"), true);
        awaitInSync("mice", catalog.getTable("default", "mice").latestCommitTime().orElseThrow());

        catalog.renameTable("default", "mice", "rats");
        assertThat(status("rats").state()).isEqualTo(ReplicationState.IN_SYNC);

        write("rats", 2 * ROWS);
        awaitInSync("rats", catalog.getTable("default", "rats").latestCommitTime().orElseThrow());
        int before = east.objectGets();
        assertThat(read(q -> q.table("rats").root("east"))).containsExactly(expected(3));
        assertThat(east.objectGets()).as("the placed root served the read").isGreaterThan(before);
        assertThat(read(q -> q.table("rats"))).containsExactly(expected(3));
    }
}
