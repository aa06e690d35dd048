package io.deltacat.benchmarks;

import io.deltacat.api.DeltacatClient;
import io.deltacat.api.ClientConfig;
import io.deltacat.server.DeltacatServer;
import io.deltacat.server.StorageRoot;
import io.deltacat.storage.s3.S3Metrics;
import io.deltacat.storage.s3.testing.S3ProxyProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parquet write and read of the benchmark table through the client, with the table's root on
 * s3proxy (loopback, a separate process, presigned access: signed uploads, presigned ranged GETs)
 * beside the same operations on a local root, in one run and one server (two named roots; the
 * table property {@code root} picks one). {@link #projectedReadShare} prints the bytes a 2-of-6-column
 * read fetched as a share of the table's bytes. Run: {@code run.sh S3VsLocal -p rows=1000000}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx3g"})
public class S3VsLocalBenchmark {
    @Param({"10000000"})
    long rows;
    @Param({"disk", "lake"})
    String root;

    private S3ProxyProcess s3;
    private DeltacatServer server;
    private DeltacatClient client;
    private RootAllocator allocator;
    private SyntheticData data;
    private Path dir;
    private final AtomicInteger tables = new AtomicInteger();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        s3 = S3ProxyProcess.start();
        String bucket = s3.createBucket("bench");
        dir = Files.createTempDirectory("deltacat-s3-bench-");
        server = DeltacatServer.builder().root(dir.resolve("home")).roots(List.of(
                StorageRoot.local("disk", dir.resolve("disk")),
                StorageRoot.s3("lake", "s3://" + bucket + "/data/", s3.settings(Map.of())))).build().start();
        allocator = new RootAllocator();
        client = DeltacatClient.connect(ClientConfig.builder().uri(server.uri().toString()).allocator(allocator).build());
        data = new SyntheticData(allocator, rows);
        try (ArrowReader r = data.reader()) {
            client.catalog().write(r, w -> w.table("read_" + root).tableProperty("root", root));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        data.close();
        client.close();
        allocator.close();
        server.close();
        s3.close();
    }

    @Benchmark
    public long write() throws Exception {
        try (ArrowReader r = data.reader()) {
            return client.catalog().write(r, w -> w.table("write_" + root + "_" + tables.incrementAndGet())
                    .tableProperty("root", root)).rowCount();
        }
    }

    @Benchmark
    public long read() throws Exception {
        long n = 0;
        try (ArrowReader r = client.catalog().read(q -> q.table("read_" + root))) {
            while (r.loadNextBatch()) {
                n += r.getVectorSchemaRoot().getRowCount();
            }
        }
        return n;
    }

    /** Reads 2 of the 6 columns and prints the bytes fetched as a share of the table's bytes (S3 only). */
    @Benchmark
    public long projectedReadShare() throws Exception {
        S3Metrics.Snapshot before = S3Metrics.snapshot();
        long n = 0;
        try (ArrowReader r = client.catalog().read(q -> q.table("read_" + root).columns("id", "score"))) {
            while (r.loadNextBatch()) {
                n += r.getVectorSchemaRoot().getRowCount();
            }
        }
        long fetched = S3Metrics.snapshot().minus(before).bytesFetched();
        long total = client.catalog().plan(q -> q.table("read_" + root)).files().stream()
                .mapToLong(f -> f.sizeBytes()).sum();
        if (root.equals("lake")) {
            System.out.printf("%n[projected read] fetched %,d of %,d bytes (%.1f%%)%n", fetched, total,
                    100.0 * fetched / total);
        }
        return n;
    }
}
