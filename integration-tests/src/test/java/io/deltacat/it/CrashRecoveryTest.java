package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.Transaction;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobState;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a server process at random points of writes, transactions, compactions and drops, many
 * times over, restarting it on the same root each time. Afterwards every acknowledged change is
 * there exactly once, nothing is there in part (a transaction's rows are in both of its tables or in
 * neither), and every file on storage is one the catalog references or will clean up. On the
 * PostgreSQL run the server keeps its metadata there.
 */
class CrashRecoveryTest {
    private static final Path CLI = Path.of(System.getProperty("deltacat.cli.dir", "../cli/target"), "deltacat");
    private static final int KILLS = 8;

    @TempDir
    Path dir;
    private Process server;
    private final RootAllocator allocator = new RootAllocator();
    /** The PostgreSQL database of this run, or null for the SQLite file under the root. */
    private final String metadataUrl = Fixture.usesPostgres() ? PgCluster.shared().newDatabase() : null;

    /** Ids whose write was acknowledged, and those whose outcome the client could not know. */
    private final Set<Long> acked = ConcurrentHashMap.newKeySet();
    private final Set<Long> unknown = ConcurrentHashMap.newKeySet();
    /** The first id of each transaction (it writes ids first..first+1 to both tx tables). */
    private final Set<Long> ackedTx = ConcurrentHashMap.newKeySet();
    private final Set<Long> unknownTx = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        allocator.close();
    }

    private String start(int port) throws IOException {
        assertThat(CLI).as("the CLI is packaged before the integration tests run").isExecutable();
        List<String> command = new ArrayList<>(List.of(CLI.toString(), "server", "--root",
                dir.resolve("root").toString(), "--port", Integer.toString(port), "--leftover-grace", "PT0S",
                "--staging-ttl", "PT2S", "--retention", "PT1S", "--maintenance-interval", "PT0.5S"));
        if (metadataUrl != null) {
            command.addAll(List.of("--metadata-url", metadataUrl));
        }
        server = new ProcessBuilder(command).redirectErrorStream(true).start();
        return ServerProcesses.awaitUri(server);
    }

    private DeltacatClient connect(String uri) {
        return DeltacatClient.connect(ClientConfig.builder().uri(uri).allocator(allocator).maxRetries(1)
                .connectTimeout(Duration.ofSeconds(1)).requestTimeout(Duration.ofSeconds(10)).build());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void killedAtAnyPointTheServerLosesNothingAcknowledgedAndLeavesNothingBehind() throws Exception {
        int port = freePort();
        Random random = new Random(20261207);
        long[] next = {1};
        for (int round = 0; round < KILLS; round++) {
            String uri = start(port);
            AtomicBoolean stopping = new AtomicBoolean();
            long seed = random.nextLong();
            Thread worker = new Thread(() -> work(uri, new Random(seed), next, stopping), "crash-worker");
            worker.start();
            // once the workload is under way (a first JVM warms up slowly), kill at a random point of it
            int before = acked.size();
            for (long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                 acked.size() == before && System.nanoTime() < end; ) {
                Thread.sleep(20);
            }
            Thread.sleep(100 + random.nextInt(900));
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL, at whatever point it is
            stopping.set(true);
            worker.join(60_000);
            assertThat(worker.isAlive()).isFalse();
        }
        assertThat(acked).as("the workload made progress between kills").hasSizeGreaterThanOrEqualTo(3 * KILLS);

        String uri = start(port);
        // the compactions still queued or held are cancelled (a cancelled runner's commit is fenced off,
        // what it wrote is a leftover for maintenance), so no compaction changes the table under the
        // reads below
        try (DeltacatClient client = connect(uri)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<Job> open;
            while (!(open = client.jobs().list(l -> l.states(JobState.PENDING, JobState.CLAIMED, JobState.RUNNING))
                    .jobs()).isEmpty()) {
                assertThat(System.nanoTime()).as("every job ends").isLessThan(deadline);
                for (Job job : open) {
                    try {
                        client.jobs().cancel(job.id());
                    } catch (ConflictException ended) {
                        // it ended meanwhile
                    }
                }
            }
            Thread.sleep(1500); // a runner still busy with a cancelled compaction gives up
        }
        try (DeltacatClient client = connect(uri)) {
            Set<Long> ids = ids(client, "acc");
            assertThat(ids).containsAll(acked);
            Set<Long> possible = new HashSet<>(acked);
            possible.addAll(unknown);
            assertThat(possible).containsAll(ids);
            assertThat(idList(client, "acc")).as("no id twice").hasSize(ids.size());

            Set<Long> a = ids(client, "tx_a");
            Set<Long> b = ids(client, "tx_b");
            assertThat(a).as("a transaction is in both of its tables or in neither").isEqualTo(b);
            for (long first : ackedTx) {
                assertThat(a).contains(first, first + 1);
            }
            Set<Long> possibleTx = new HashSet<>();
            for (long first : ackedTx) {
                possibleTx.addAll(List.of(first, first + 1));
            }
            for (long first : unknownTx) {
                possibleTx.addAll(List.of(first, first + 1));
            }
            assertThat(possibleTx).containsAll(a);
        }
        // open writes expire (staging TTL) and maintenance, twice a second, has its passes
        Thread.sleep(4000);
        server.destroy();
        server.waitFor(30, TimeUnit.SECONDS);
        assertThat(unaccountedFiles()).as("files the catalog neither references nor will clean up").isEmpty();
    }

    /** Writes, transactions, compactions and drops until the server dies under it. */
    private void work(String uri, Random random, long[] next, AtomicBoolean stopping) {
        try (DeltacatClient client = connect(uri)) {
            for (int op = 0; !stopping.get(); op++) {
                int kind = random.nextInt(10);
                try {
                    if (kind < 5) {
                        long first = take(next, 3);
                        try (VectorSchemaRoot rows = rows(first, 3)) {
                            try {
                                client.catalog().write(rows, w -> w.table("acc"));
                                acked.addAll(List.of(first, first + 1, first + 2));
                            } catch (RuntimeException e) {
                                unknown.addAll(List.of(first, first + 1, first + 2));
                                throw e;
                            }
                        }
                    } else if (kind < 7) {
                        long first = take(next, 2);
                        unknownTx.add(first);
                        try (Transaction tx = client.transaction("crash test " + first);
                             VectorSchemaRoot a = rows(first, 2); VectorSchemaRoot b = rows(first, 2)) {
                            tx.catalog().write(a, w -> w.table("tx_a"));
                            tx.catalog().write(b, w -> w.table("tx_b"));
                            tx.commit();
                        }
                        unknownTx.remove(first);
                        ackedTx.add(first);
                    } else if (kind < 9) {
                        // a short lease: a compaction killed with the server is retried soon after
                        client.jobs().submit(j -> j.type("compaction").context(Map.of("namespace", "default",
                                "table", "acc")).leaseDuration(Duration.ofSeconds(1)).maxAttempts(10));
                    } else {
                        String scratch = "scratch" + op;
                        try (VectorSchemaRoot rows = rows(take(next, 2), 2)) {
                            client.catalog().write(rows, w -> w.table(scratch));
                        }
                        client.catalog().dropTable("default", scratch);
                    }
                } catch (RuntimeException e) {
                    if (stopping.get()) {
                        return;
                    }
                    // a refusal while the server is up (e.g. compacting a table not created yet) is fine
                }
            }
        }
    }

    private static long take(long[] next, int n) {
        synchronized (next) {
            long first = next[0];
            next[0] += n;
            return first;
        }
    }

    private VectorSchemaRoot rows(long first, int n) {
        List<Users.User> users = new ArrayList<>();
        for (long id = first; id < first + n; id++) {
            users.add(Users.u(id, "u" + id, id));
        }
        return Users.of(allocator, users);
    }

    /** The ids of a table's rows, duplicates included. */
    private static List<Long> idList(DeltacatClient client, String table) {
        if (!client.catalog().tableExists("default", table)) {
            return List.of();
        }
        List<Long> out = new ArrayList<>();
        for (List<Object> row : Rows.of(client.catalog().readAll(q -> q.table(table)))) {
            out.add((Long) row.get(0));
        }
        return out;
    }

    private static Set<Long> ids(DeltacatClient client, String table) {
        return new HashSet<>(idList(client, table));
    }

    /**
     * Every file under the root that is neither a data file the catalog references nor inside what
     * maintenance spares on purpose (an open write's staging folder, a running compaction's output):
     * read straight from the stopped server's metadata database.
     */
    private List<String> unaccountedFiles() throws Exception {
        Path root = dir.resolve("root");
        Set<String> referenced = new HashSet<>();
        List<String> spared = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(metadataUrl != null ? metadataUrl
                : "jdbc:sqlite:" + root.resolve(".deltacat").resolve("metadata.db")); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT uri FROM data_files WHERE removed_at IS NULL")) {
                while (rs.next()) {
                    referenced.add(Path.of(URI.create(rs.getString(1))).toString());
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT staging_uri FROM writes WHERE state IN ('open', 'prepared')")) {
                while (rs.next()) {
                    spared.add(Path.of(URI.create(rs.getString(1))).toString());
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT id FROM jobs WHERE state IN ('claimed', 'running')")) {
                while (rs.next()) {
                    spared.add("/compacted-" + rs.getString(1) + "-");
                }
            }
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String file = p.toString();
                if (Files.isRegularFile(p) && !root.relativize(p).startsWith(".deltacat")
                        && !referenced.contains(file) && spared.stream().noneMatch(file::contains)) {
                    out.add(root.relativize(p).toString());
                }
            }
        }
        return out;
    }
}
