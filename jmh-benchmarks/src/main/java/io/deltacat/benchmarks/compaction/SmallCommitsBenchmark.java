package io.deltacat.benchmarks.compaction;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.expr.Predicate;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobState;
import io.deltacat.api.model.WriteMode;
import io.deltacat.server.DeltacatServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.table.Table;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A steady stream of small commits with reads in between, on one merge-keyed table, once with
 * {@code read_optimization_level = none} (background compaction off) and once with {@code moderate}
 * (on, default thresholds). A plain main, not JMH: one writer thread through an embedded server on
 * SQLite (real HTTP on loopback), each commit upserting {@code rows} rows (90% new keys, 10% updates of
 * recent keys), a point read of a random key every {@code readEvery} commits.
 *
 * <p>It reports: the writers' commit latency p50/p99 with compaction on vs off; the full read time at
 * the end with {@code moderate} vs the same table fully compacted (and vs {@code none}); the metadata
 * database's live bytes per 1,000 commits, and per 1,000 reads (a burst of point reads with no commit
 * in between, measured before and after).
 *
 * <pre>
 * jmh-benchmarks/run.sh compaction [commits] [rows] [readEvery] [reads]   # default 10000 1000 10 1000
 * </pre>
 */
public final class SmallCommitsBenchmark {
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", new org.apache.arrow.vector.types.pojo.FieldType(true, new ArrowType.Int(64, true), null,
                    java.util.Map.of("deltacat.merge_key", "true")), null),
            Field.nullable("name", ArrowType.Utf8.INSTANCE),
            Field.nullable("score", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));

    private SmallCommitsBenchmark() {
    }

    record Result(String level, long[] commitNanos, long[] pointReadNanos, double readMs, double compactedReadMs,
                  long bytesAfterCommits, long bytesBeforeReads, long bytesAfterReads, int readBurst,
                  long compactions, long liveFiles, double seconds) {
    }

    public static void main(String[] args) throws Exception {
        int commits = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int readEvery = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int burst = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        List<Result> results = new ArrayList<>();
        for (String level : List.of("none", "moderate")) {
            Result r = run(level, commits, rows, readEvery, burst);
            results.add(r);
            print(r, commits);
        }
        Result off = results.get(0);
        Result on = results.get(1);
        System.out.printf("%ncommit p99 on/off: %.2f (target <= 1.5); p50 on/off: %.2f%n",
                pct(on.commitNanos(), 99) / pct(off.commitNanos(), 99), pct(on.commitNanos(), 50) / pct(off.commitNanos(), 50));
        System.out.printf("full read at the end, moderate / fully compacted: %.2f (target <= 1.5); none / fully"
                + " compacted: %.2f%n", on.readMs() / on.compactedReadMs(), off.readMs() / on.compactedReadMs());
    }

    private static void print(Result r, int commits) {
        System.out.printf("%n== read_optimization_level=%s: %d commits in %.0f s (%.1f commits/s)%n", r.level(), commits,
                r.seconds(), commits / r.seconds());
        System.out.printf("commit latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n", pct(r.commitNanos(), 50),
                pct(r.commitNanos(), 90), pct(r.commitNanos(), 99), pct(r.commitNanos(), 100));
        System.out.printf("point read during the stream ms: p50 %.1f  p99 %.1f (%d reads)%n", pct(r.pointReadNanos(), 50),
                pct(r.pointReadNanos(), 99), r.pointReadNanos().length);
        System.out.printf("full read at the end: %.0f ms (%d live files, %d compaction jobs); fully compacted: %.0f ms%n",
                r.readMs(), r.liveFiles(), r.compactions(), r.compactedReadMs());
        System.out.printf("metadata live bytes: %,d after the commits = %,d per 1,000 commits%n", r.bytesAfterCommits(),
                r.bytesAfterCommits() * 1000 / commits);
        System.out.printf("metadata live bytes: %,d before %d reads, %,d after = %,d per 1,000 reads%n",
                r.bytesBeforeReads(), r.readBurst(), r.bytesAfterReads(),
                (r.bytesAfterReads() - r.bytesBeforeReads()) * 1000 / r.readBurst());
    }

    private static double pct(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int i = Math.min(s.length - 1, Math.max(0, (int) Math.ceil(p / 100.0 * s.length) - 1));
        return s[i] / 1e6;
    }

    private static Result run(String level, int commits, int rows, int readEvery, int burst) throws Exception {
        Path root = Files.createTempDirectory("deltacat-small-commits-");
        Random random = new Random(42);
        try (RootAllocator allocator = new RootAllocator();
             DeltacatServer server = DeltacatServer.builder().root(root).build().start();
             DeltacatClient client = DeltacatClient.connect(ClientConfig.builder().uri(server.uri().toString())
                     .allocator(allocator).build())) {
            client.catalog().createTable(t -> t.table("stream").schema(SCHEMA).mergeKeys("id")
                    .property("read_optimization_level", level));
            long[] commitNanos = new long[commits];
            List<Long> reads = new ArrayList<>();
            long nextKey = 0;
            long start = System.nanoTime();
            for (int c = 0; c < commits; c++) {
                int fresh = rows * 9 / 10;
                long[] ids = new long[rows];
                for (int i = 0; i < rows; i++) {
                    ids[i] = i < fresh || nextKey < rows ? nextKey++ : Math.max(0, nextKey - 1 - random.nextInt(50 * rows));
                }
                try (VectorSchemaRoot batch = batch(allocator, ids, c)) {
                    long t0 = System.nanoTime();
                    client.catalog().write(batch, w -> w.table("stream").mode(WriteMode.MERGE));
                    commitNanos[c] = System.nanoTime() - t0;
                }
                if ((c + 1) % readEvery == 0) {
                    reads.add(pointRead(client, random.nextInt((int) Math.min(Integer.MAX_VALUE, nextKey))));
                }
                if ((c + 1) % 1000 == 0) {
                    System.out.printf("  %s: %d commits, %.0f s%n", level, c + 1, (System.nanoTime() - start) / 1e9);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Path db = root.resolve(".deltacat").resolve("metadata.db");
            long afterCommits = liveBytes(db);
            long beforeReads = liveBytes(db);
            for (int i = 0; i < burst; i++) {
                pointRead(client, random.nextInt((int) nextKey));
            }
            long afterReads = liveBytes(db);
            long liveFiles = client.catalog().getTable("default", "stream").fileCount();
            double readMs = fullRead(client, nextKey);
            long compactions = compactionJobs(client);
            // the same table fully compacted: every file rewritten into files of up to 128 MiB
            client.catalog().alterTable(a -> a.table("stream").property("compaction_small_file_bytes",
                    Long.toString(128L << 20)));
            awaitIdle(client);
            Job full = client.jobs().waitFor(client.jobs().submitCompaction("default", "stream").id(),
                    Duration.ofMinutes(30));
            if (full.state() != JobState.SUCCEEDED) {
                throw new IllegalStateException("full compaction " + full.state() + ": " + full.error().orElse(""));
            }
            double compactedMs = fullRead(client, nextKey);
            long[] pointReads = reads.stream().mapToLong(Long::longValue).toArray();
            return new Result(level, commitNanos, pointReads, readMs, compactedMs, afterCommits, beforeReads,
                    afterReads, burst, compactions, liveFiles, seconds);
        }
    }

    private static VectorSchemaRoot batch(RootAllocator allocator, long[] ids, int commit) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        root.allocateNew();
        BigIntVector id = (BigIntVector) root.getVector("id");
        VarCharVector name = (VarCharVector) root.getVector("name");
        Float8Vector score = (Float8Vector) root.getVector("score");
        for (int i = 0; i < ids.length; i++) {
            id.setSafe(i, ids[i]);
            name.setSafe(i, ("commit-" + commit + "-row-" + i).getBytes(StandardCharsets.UTF_8));
            score.setSafe(i, commit + i / 1000.0);
        }
        root.setRowCount(ids.length);
        return root;
    }

    private static long pointRead(DeltacatClient client, long key) {
        long t0 = System.nanoTime();
        try (Table t = client.catalog().readAll(q -> q.table("stream").filter(Predicate.eq("id", key)))) {
            if (t.getRowCount() != 1) {
                throw new IllegalStateException("key " + key + ": " + t.getRowCount() + " rows");
            }
        }
        return System.nanoTime() - t0;
    }

    /** The median of three full reads, in ms; checks every key is there once. */
    private static double fullRead(DeltacatClient client, long keys) {
        double[] ms = new double[3];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            try (Table t = client.catalog().readAll(q -> q.table("stream"))) {
                if (t.getRowCount() != keys) {
                    throw new IllegalStateException("full read: " + t.getRowCount() + " rows, expected " + keys);
                }
            }
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[1];
    }

    private static long compactionJobs(DeltacatClient client) {
        long n = 0;
        String token = null;
        do {
            String page = token;
            var p = client.jobs().list(o -> {
                o.type("compaction").pageSize(1000);
                if (page != null) {
                    o.pageToken(page);
                }
            });
            n += p.jobs().size();
            token = p.nextPageToken().orElse(null);
        } while (token != null);
        return n;
    }

    private static void awaitIdle(DeltacatClient client) throws InterruptedException {
        while (!client.jobs().list(o -> o.type("compaction").states(JobState.PENDING, JobState.CLAIMED,
                JobState.RUNNING)).jobs().isEmpty()) {
            Thread.sleep(100);
        }
    }

    /** The bytes of the SQLite database's pages in use (file pages minus free ones), read beside the server. */
    private static long liveBytes(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement()) {
            long pageSize = scalar(s, "PRAGMA page_size");
            s.execute("PRAGMA wal_checkpoint(PASSIVE)");
            return (scalar(s, "PRAGMA page_count") - scalar(s, "PRAGMA freelist_count")) * pageSize;
        }
    }

    private static long scalar(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
