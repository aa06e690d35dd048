package io.deltacat.benchmarks;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.model.JobState;
import io.deltacat.api.model.WriteMode;
import io.deltacat.server.DeltacatServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
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
 * Read cost of merge-on-read: a table with merge key {@code id} holding {@code rows} rows plus 10
 * upsert deltas (each rewriting a tenth of the keys, so every key is updated once) read as it is
 * ({@code readMergeOnRead}: key index over 11 files, then the live rows), against the same table
 * after compaction ({@code readCompacted}: one file of {@code rows} rows) and the base data as a
 * plain table without merge keys ({@code readPlain}), in the same run. Each read returns the same
 * number of rows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx3g",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class MergeOnReadBenchmark {
    static final int UPSERTS = 10;

    @Param("1000000")
    public long rows;

    private Path dir;
    private BufferAllocator allocator;
    private DeltacatServer server;
    private DeltacatClient client;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("deltacat-mor-");
        allocator = new RootAllocator();
        server = DeltacatServer.builder().root(dir).port(0).build().start();
        client = DeltacatClient.connect(ClientConfig.builder().uri(server.uri().toString()).allocator(allocator).build());
        try (SyntheticData data = new SyntheticData(allocator, rows)) {
            for (String table : new String[] {"mor", "compacted"}) {
                try (ArrowReader r = data.reader()) {
                    client.catalog().write(r, w -> w.table(table).mergeKeys("id"));
                }
                for (int k = 0; k < UPSERTS; k++) {
                    try (VectorSchemaRoot upsert = upsert(k)) {
                        client.catalog().write(upsert, w -> w.table(table).mode(WriteMode.MERGE));
                    }
                }
            }
            try (ArrowReader r = data.reader()) {
                client.catalog().write(r, w -> w.table("plain"));
            }
        }
        var jobs = client.jobs();
        if (jobs.waitFor(jobs.submitCompaction("default", "compacted").id(), Duration.ofMinutes(30)).state()
                != JobState.SUCCEEDED) {
            throw new IllegalStateException("compaction failed");
        }
    }

    /** Upsert {@code k}: the keys {@code id % UPSERTS == k}, with new values. */
    private VectorSchemaRoot upsert(int k) {
        int n = (int) ((rows - k + UPSERTS - 1) / UPSERTS);
        VectorSchemaRoot root = VectorSchemaRoot.create(SyntheticData.SCHEMA, allocator);
        root.allocateNew();
        BigIntVector id = (BigIntVector) root.getVector("id");
        BigIntVector user = (BigIntVector) root.getVector("user");
        Float8Vector score = (Float8Vector) root.getVector("score");
        Float8Vector weight = (Float8Vector) root.getVector("weight");
        VarCharVector label = (VarCharVector) root.getVector("label");
        TimeStampMicroTZVector at = (TimeStampMicroTZVector) root.getVector("at");
        for (int i = 0; i < n; i++) {
            long row = (long) i * UPSERTS + k;
            id.setSafe(i, row);
            user.setSafe(i, k);
            score.setSafe(i, k / 10.0);
            weight.setSafe(i, k);
            label.setSafe(i, ("upsert-" + k).getBytes(StandardCharsets.UTF_8));
            at.setSafe(i, 1_800_000_000_000_000L + row);
        }
        root.setRowCount(n);
        return root;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        client.close();
        server.close();
        allocator.close();
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private long read(String table) throws Exception {
        long n = 0;
        try (ArrowReader r = client.catalog().read(q -> q.table(table))) {
            while (r.loadNextBatch()) {
                n += r.getVectorSchemaRoot().getRowCount();
            }
        }
        if (n != rows) {
            throw new IllegalStateException("read " + n + " rows of " + table + ", expected " + rows);
        }
        return n;
    }

    @Benchmark
    public long readMergeOnRead() throws Exception {
        return read("mor");
    }

    @Benchmark
    public long readCompacted() throws Exception {
        return read("compacted");
    }

    @Benchmark
    public long readPlain() throws Exception {
        return read("plain");
    }
}
