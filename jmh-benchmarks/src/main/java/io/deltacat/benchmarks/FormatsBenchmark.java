package io.deltacat.benchmarks;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.model.DataFile;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.Formats;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.spi.Storages;
import io.deltacat.server.DeltacatServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
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
 * The same end-to-end write and read as {@link ParquetVsDuckDbBenchmark}, for every storage format,
 * plus each provider reading its files with no server (the client/server overhead). No peer: the
 * ratios that matter here are between formats and against the bare provider.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx4g",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class FormatsBenchmark {
    @Param({"parquet", "orc", "avro", "lance", "feather"})
    public String format;

    @Param("10000000")
    public long rows;

    private Path dir;
    private BufferAllocator allocator;
    private SyntheticData data;
    private DeltacatServer server;
    private DeltacatClient client;
    private List<DataFile> files;
    private final AtomicInteger counter = new AtomicInteger();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("deltacat-formats-");
        allocator = new RootAllocator();
        data = new SyntheticData(allocator, rows);
        server = DeltacatServer.builder().root(dir).port(0).build().start();
        client = DeltacatClient.connect(ClientConfig.builder().uri(server.uri().toString()).allocator(allocator).build());
        try (ArrowReader r = data.reader()) {
            client.catalog().write(r, w -> w.table("bench").format(format).targetFileSizeBytes(64L << 20));
        }
        files = client.catalog().plan(q -> q.table("bench")).files();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        client.close();
        server.close();
        data.close();
        allocator.close();
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public long write() throws Exception {
        try (ArrowReader r = data.reader()) {
            return client.catalog().write(r, w -> w.table("w" + counter.incrementAndGet()).format(format)
                    .targetFileSizeBytes(64L << 20)).rowCount();
        }
    }

    @Benchmark
    public long read() throws Exception {
        long n = 0;
        try (ArrowReader r = client.catalog().read(q -> q.table("bench"))) {
            while (r.loadNextBatch()) {
                n += r.getVectorSchemaRoot().getRowCount();
            }
        }
        return check(n);
    }

    /** Sequential, one file after another: compare with {@code read} at parallelism 1 for the overhead. */
    @Benchmark
    public long readProvider() throws Exception {
        FormatProvider provider = Formats.require(format);
        long n = 0;
        for (DataFile f : files) {
            try (FormatReader r = provider.openReader(Storages.forUri(f.uri(), Map.of()).inputFile(f.uri()),
                    ReadRequest.all(65_536), allocator)) {
                while (r.next()) {
                    n += r.batch().getRowCount();
                }
            }
        }
        return check(n);
    }

    private long check(long n) {
        if (n != rows) {
            throw new IllegalStateException("read " + n + " rows, expected " + rows);
        }
        return n;
    }
}
