package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.model.ReplicationState;
import io.deltacat.api.model.RootReplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a server process (the packaged CLI) in the middle of a backfill and again in the middle of
 * the replication of later writes, with its placed root an s3proxy behind a {@link CountingProxy}
 * that slows every object PUT (so a kill lands mid-copy) and records the PUTs per key. After each
 * restart replication resumes and reaches "in sync"; no file whose copy was verified before the kill
 * is uploaded again; and whenever the status says "in sync", every file a read needs is at the
 * placed root. On the PostgreSQL run the server keeps its metadata there.
 */
class PlacementCrashResumeTest {
    private static final Path CLI = Path.of(System.getProperty("deltacat.cli.dir", "../cli/target"), "deltacat");
    private static final int ROWS = 200;
    private static final int BACKFILL_FILES = 24;
    private static final int LATER_FILES = 16;

    @TempDir
    Path dir;
    private final RootAllocator allocator = new RootAllocator();
    /** The PostgreSQL database of this run, or null for the SQLite file under the home directory. */
    private final String metadataUrl = Fixture.usesPostgres() ? PgCluster.shared().newDatabase() : null;
    private S3ProxyProcess s3;
    private CountingProxy far;
    private Process server;
    private int port;

    @BeforeEach
    void start() throws IOException {
        // this test brings its own store: the suite's s3 round would only run it again
        assumeFalse(Fixture.usesS3());
        assertThat(CLI).as("the CLI is packaged before the integration tests run").isExecutable();
        s3 = S3ProxyProcess.start();
        s3.createBucket("far");
        far = new CountingProxy(URI.create(s3.endpoint()).getPort());
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir.resolve("home-data"));
        Map<String, String> settings = s3.settings(Map.of("endpoint", far.endpoint()));
        StringBuilder config = new StringBuilder("roots = home, far\n")
                .append("root.home.uri = ").append(dir.resolve("home-data").toUri()).append('\n')
                .append("root.far.uri = s3://far/lake/\n");
        settings.forEach((k, v) -> config.append("root.far.").append(k).append(" = ").append(v).append('\n'));
        Files.writeString(dir.resolve("roots.properties"), config);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        for (AutoCloseable c : new AutoCloseable[] {far, s3}) {
            if (c != null) {
                c.close();
            }
        }
        allocator.close();
    }

    private DeltacatClient startServer() throws IOException {
        List<String> command = new ArrayList<>(List.of(CLI.toString(), "server", "--roots-config",
                dir.resolve("roots.properties").toString(), "--home", dir.resolve("home").toString(), "--port",
                Integer.toString(port)));
        if (metadataUrl != null) {
            command.addAll(List.of("--metadata-url", metadataUrl));
        }
        server = new ProcessBuilder(command).redirectErrorStream(true).start();
        String uri = ServerProcesses.awaitUri(server);
        return DeltacatClient.connect(ClientConfig.builder().uri(uri).allocator(allocator)
                .requestTimeout(Duration.ofSeconds(30)).build());
    }

    private void kill() throws InterruptedException {
        server.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL, wherever the copying is
        server = null;
    }

    private static void write(DeltacatClient client, long start) {
        try (VectorSchemaRoot cats = Cats.generated(client.allocator(), start, ROWS)) {
            client.catalog().write(cats, w -> w.table("mice"));
        }
    }

    /** The far objects (bucket/key) whose copies the stopped server's metadata records as verified. */
    private Set<String> verifiedCopies() throws Exception {
        Set<String> out = new HashSet<>();
        try (Connection c = connectMetadata();
             PreparedStatement ps = c.prepareStatement("SELECT replica_uri FROM replicas WHERE root = 'far'");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1).substring("s3://".length()));
            }
        }
        return out;
    }

    /**
     * Waits until the running server has recorded {@code count} verified copies (read from its
     * metadata), then kills it mid-copy: more uploads are under way, held by the slow store.
     */
    private Set<String> killAfterVerified(int count, int of) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int seen = 0;
        while (seen < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
            try {
                seen = verifiedCopies().size();
            } catch (java.sql.SQLException busy) {
                // the server holds the database for a moment: look again
            }
        }
        assertThat(seen).as("copying began").isGreaterThanOrEqualTo(count);
        kill();
        Set<String> verified = verifiedCopies();
        assertThat(verified.size()).as("the kill came mid-copy").isLessThan(of);
        return verified;
    }

    /**
     * Waits for "in sync", checking at every status that says so that each file a read with the root
     * needs is at the far store (a plan names a copy only once it is verified there).
     */
    private RootReplication awaitInSync(DeltacatClient client, int files) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (true) {
            RootReplication r = client.catalog().replicationStatus("default", "mice").get(0);
            if (r.state() == ReplicationState.IN_SYNC) {
                List<String> planned = client.catalog().plan(q -> q.table("mice").root("far")).files().stream()
                        .map(f -> f.uri()).toList();
                assertThat(planned).as("in sync: every file read from far").hasSize(files)
                        .allSatisfy(u -> assertThat(u).startsWith("s3://far/lake/"));
                for (String u : planned) {
                    assertThat(s3.dataDir().resolve(u.substring("s3://".length()))).as("in sync, yet missing").exists();
                }
                return r;
            }
            assertThat(System.nanoTime()).as("replication reaches in sync; last status %s", r).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static long[] readFar(DeltacatClient client) {
        return IdSums.of(client.catalog(), q -> q.table("mice").root("far"));
    }

    private static long[] expected(int files) {
        return IdSums.firstIds((long) files * ROWS);
    }

    /** After a restart: no verified copy was uploaded again, and no file more than once in all. */
    private void assertNoNeedlessCopies(Set<String> verifiedBeforeKill) {
        Map<String, Integer> puts = far.objectPuts();
        assertThat(puts.keySet()).as("copies verified before the kill are not uploaded again")
                .doesNotContainAnyElementsOf(verifiedBeforeKill);
        assertThat(puts.values()).as("each missing file uploaded once").allSatisfy(n -> assertThat(n).isEqualTo(1));
    }

    @Test
    void killedMidBackfillAndMidReplicationItResumesWithoutRecopyingVerifiedFiles() throws Exception {
        DeltacatClient client = startServer();
        for (int i = 0; i < BACKFILL_FILES; i++) {
            write(client, (long) i * ROWS);
        }
        // a slow store: every upload waits, so the kill below lands with copies verified and copies not
        far.putDelay(250);
        client.catalog().place("default", "mice", List.of("far"), true);
        Set<String> verified = killAfterVerified(3, BACKFILL_FILES);
        assertThat(placementRow().get(0)).as("the backfill was not done").isZero();
        client.close();
        far.resetPuts();
        far.putDelay(0);

        client = startServer();
        RootReplication r = awaitInSync(client, BACKFILL_FILES);
        assertThat(r.commitsBehind()).isZero();
        assertNoNeedlessCopies(verified);
        assertThat(readFar(client)).containsExactly(expected(BACKFILL_FILES));

        // later writes, one transaction of many files: its replication is killed half way too
        far.resetPuts();
        far.putDelay(250);
        client.inTransaction("later", tx -> {
            for (int i = 0; i < LATER_FILES; i++) {
                try (VectorSchemaRoot cats = Cats.generated(allocator, (long) (BACKFILL_FILES + i) * ROWS, ROWS)) {
                    tx.catalog().write(cats, w -> w.table("mice"));
                }
            }
        });
        Set<String> verifiedLater = killAfterVerified(BACKFILL_FILES + 3, BACKFILL_FILES + LATER_FILES);
        assertThat(placementRow()).as("the watermark has not passed a delta with files missing")
                .containsExactly(1L, latestCommitBefore());
        client.close();
        far.resetPuts();
        far.putDelay(0);

        client = startServer();
        r = awaitInSync(client, BACKFILL_FILES + LATER_FILES);
        assertThat(r.commitsBehind()).isZero();
        assertThat(r.bytesBehind()).isZero();
        assertNoNeedlessCopies(verifiedLater);
        assertThat(readFar(client)).containsExactly(expected(BACKFILL_FILES + LATER_FILES));
        client.close();
    }

    /** The stopped server's placement row: backfill_done and watermark. */
    private List<Long> placementRow() throws Exception {
        try (Connection c = connectMetadata();
             PreparedStatement ps = c.prepareStatement("SELECT backfill_done, watermark FROM placements");
             ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            return List.of(rs.getLong(1), rs.getLong(2));
        }
    }

    /** The commit time before the newest (the watermark a run killed in the newest delta must hold). */
    private long latestCommitBefore() throws Exception {
        try (Connection c = connectMetadata();
             PreparedStatement ps = c.prepareStatement("SELECT DISTINCT commit_time FROM deltas ORDER BY commit_time"
                     + " DESC LIMIT 2");
             ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private Connection connectMetadata() throws java.sql.SQLException {
        return DriverManager.getConnection(metadataUrl != null ? metadataUrl
                : "jdbc:sqlite:" + dir.resolve("home").resolve(".deltacat").resolve("metadata.db"));
    }
}
