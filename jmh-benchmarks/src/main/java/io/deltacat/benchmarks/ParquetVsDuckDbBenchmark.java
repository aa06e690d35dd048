package io.deltacat.benchmarks;

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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;
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
 * The direct-to-storage Arrow path for Parquet, each side beside its peer in one run:
 * <ul>
 *   <li>{@code writeDeltacat}: {@code catalog().write} of the table through the embedded server on
 *       loopback, vs {@code writeDuckDb}: DuckDB JDBC ingesting the same Arrow stream and
 *       {@code COPY ... TO} Parquet;</li>
 *   <li>{@code readDeltacat}: {@code catalog().read} of that table into Arrow (in plan order, and
 *       {@code readDeltacatUnordered} without it), vs {@code readDuckDb}:
 *       {@code read_parquet} exported to Arrow, vs {@code readProvider}: our Parquet provider
 *       reading the same files with no server (the client/server overhead).</li>
 * </ul>
 * Each invocation is one full pass (single-shot time).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx4g",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class ParquetVsDuckDbBenchmark {
    @Param("10000000")
    public long rows;

    @Param("2")
    public int parallelism;

    private Path dir;
    private BufferAllocator allocator;
    private SyntheticData data;
    private DeltacatServer server;
    private DeltacatClient client;
    private Connection duck;
    private List<DataFile> files;
    private final AtomicInteger counter = new AtomicInteger();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("deltacat-bench-");
        allocator = new RootAllocator();
        data = new SyntheticData(allocator, rows);
        server = DeltacatServer.builder().root(dir.resolve("catalog")).port(0).build().start();
        client = DeltacatClient.connect(io.deltacat.api.ClientConfig.builder().uri(server.uri().toString())
                .allocator(allocator).readParallelism(parallelism).build());
        try (ArrowReader r = data.reader()) {
            client.catalog().write(r, w -> w.table("bench").targetFileSizeBytes(64L << 20));
        }
        files = client.catalog().plan(q -> q.table("bench")).files();
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        duck.close();
        client.close();
        server.close();
        data.close();
        allocator.close();
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public long writeDeltacat() throws Exception {
        try (ArrowReader r = data.reader()) {
            return client.catalog().write(r, w -> w.table("w" + counter.incrementAndGet())
                    .targetFileSizeBytes(64L << 20)).rowCount();
        }
    }

    @Benchmark
    public long writeDuckDb() throws Exception {
        Path out = dir.resolve("duck-" + counter.incrementAndGet() + ".parquet");
        try (ArrowReader r = data.reader(); ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, r, stream);
            String name = "src" + counter.get();
            duck.unwrap(DuckDBConnection.class).registerArrowStream(name, stream);
            try (Statement s = duck.createStatement()) {
                s.execute("COPY " + name + " TO '" + out + "' (FORMAT parquet, COMPRESSION zstd)");
            }
        }
        return Files.size(out);
    }

    @Benchmark
    public long readDeltacat() throws Exception {
        long n = 0;
        try (ArrowReader r = client.catalog().read(q -> q.table("bench"))) {
            while (r.loadNextBatch()) {
                n += r.getVectorSchemaRoot().getRowCount();
            }
        }
        return check(n);
    }

    /** The same read, batches handed out as soon as any file has one (no plan-order wait). */
    @Benchmark
    public long readDeltacatUnordered() throws Exception {
        long n = 0;
        try (ArrowReader r = client.catalog().read(q -> q.table("bench").ordered(false))) {
            while (r.loadNextBatch()) {
                n += r.getVectorSchemaRoot().getRowCount();
            }
        }
        return check(n);
    }

    @Benchmark
    public long readDuckDb() throws Exception {
        String list = files.stream().map(f -> "'" + Path.of(java.net.URI.create(f.uri())) + "'")
                .collect(Collectors.joining(", "));
        long n = 0;
        try (Statement s = duck.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM read_parquet([" + list + "])");
             ArrowReader r = (ArrowReader) rs.unwrap(DuckDBResultSet.class).arrowExportStream(allocator, 65_536)) {
            while (r.loadNextBatch()) {
                n += r.getVectorSchemaRoot().getRowCount();
            }
        }
        return check(n);
    }

    @Benchmark
    public long readProvider() throws Exception {
        FormatProvider parquet = Formats.require("parquet");
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            List<Future<Long>> parts = new ArrayList<>();
            for (DataFile f : files) {
                parts.add(pool.submit(() -> {
                    long n = 0;
                    try (FormatReader r = parquet.openReader(Storages.forUri(f.uri(), Map.of()).inputFile(f.uri()),
                            ReadRequest.all(65_536), allocator)) {
                        while (r.next()) {
                            n += r.batch().getRowCount();
                        }
                    }
                    return n;
                }));
            }
            long n = 0;
            for (Future<Long> p : parts) {
                n += p.get();
            }
            return check(n);
        } finally {
            pool.shutdown();
        }
    }

    private long check(long n) {
        if (n != rows) {
            throw new IllegalStateException("read " + n + " rows, expected " + rows);
        }
        return n;
    }
}
