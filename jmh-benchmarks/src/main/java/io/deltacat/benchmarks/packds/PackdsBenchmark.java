package io.deltacat.benchmarks.packds;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.expr.Predicate;
import io.deltacat.api.model.WriteMode;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.Formats;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.spi.Storages;
import io.deltacat.packds.EpisodeRows;
import io.deltacat.packds.Loader;
import io.deltacat.packds.PackDS;
import io.deltacat.packds.Shard;
import io.deltacat.packds.ShardManifest;
import io.deltacat.server.DeltacatServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.table.Table;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * PackDS figures (a plain main, {@code run.sh packds [rows] [steps] [shardMiB]}): a Lance PackDS table
 * written over loopback HTTP, then (1) the loader's throughput with 2 ranks in this JVM beside a
 * plain sequential scan of the same shards with Lance's reader, (2) one-episode reads (p50/p99)
 * beside a filtered catalog read of one episode, (3) the bytes a 1% upsert writes as a share of the
 * table's bytes, as whole episodes and spread over 10% of the episodes.
 */
public final class PackdsBenchmark {
    static final Schema SCHEMA = new Schema(List.of(
            Field.notNullable("episode_id", new ArrowType.Int(64, true)),
            Field.notNullable("step", new ArrowType.Int(32, true)),
            Field.nullable("obs", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            Field.nullable("frame", ArrowType.Utf8.INSTANCE)));

    private PackdsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        long shardBytes = (args.length > 2 ? Long.parseLong(args[2]) : 16) << 20;
        long episodes = rows / steps;
        Path root = Files.createTempDirectory("deltacat-packds-bench-");
        try (RootAllocator allocator = new RootAllocator();
             DeltacatServer server = DeltacatServer.builder().root(root).build().start();
             DeltacatClient client = DeltacatClient.connect(ClientConfig.builder().uri(server.uri().toString())
                     .allocator(allocator).build())) {
            client.catalog().createTable(t -> t.table("episodes").schema(SCHEMA).layout("packds")
                    .mergeKeys("episode_id", "step").layoutOption("order_key", "step")
                    .layoutOption("target_shard_bytes", Long.toString(shardBytes)));
            long t0 = System.nanoTime();
            long chunk = Math.max(1, 100_000 / steps);
            for (long e = 0; e < episodes; e += chunk) {
                try (VectorSchemaRoot b = batch(allocator, e, Math.min(episodes, e + chunk), 0, steps, 0)) {
                    client.catalog().write(b, w -> w.table("episodes").mode(WriteMode.MERGE));
                }
            }
            PackDS packds = PackDS.of(client);
            ShardManifest m = packds.manifest("default", "episodes");
            System.out.printf("table: %,d rows, %,d episodes, %d shards, %,d bytes; written in %.1f s%n",
                    m.liveRows(), m.episodes().size(), m.shards().size(), m.bytes(), (System.nanoTime() - t0) / 1e9);
            double bytesPerRow = (double) m.bytes() / m.liveRows();

            for (int round = 0; round < 3; round++) {
                double loader = loaderRowsPerSecond(packds, m.liveRows());
                double scan = scanRowsPerSecond(m, allocator);
                System.out.printf("round %d: loader (2 ranks, shuffle) %,.0f rows/s %.1f MB/s; plain Lance scan"
                        + " %,.0f rows/s %.1f MB/s; ratio %.2f%n", round, loader, loader * bytesPerRow / 1e6, scan,
                        scan * bytesPerRow / 1e6, loader / scan);
            }

            SplittableRandom r = new SplittableRandom(7);
            long[] lookups = new long[200];
            for (int i = 0; i < lookups.length; i++) {
                long key = r.nextLong(episodes);
                long s = System.nanoTime();
                try (EpisodeRows e = packds.episode("default", "episodes", key)) {
                    if (e.rows().getRowCount() != steps) {
                        throw new IllegalStateException("episode " + key + " has " + e.rows().getRowCount() + " rows");
                    }
                }
                lookups[i] = System.nanoTime() - s;
            }
            long[] scans = new long[5];
            for (int i = 0; i < scans.length; i++) {
                long key = r.nextLong(episodes);
                long s = System.nanoTime();
                try (Table t = client.catalog().readAll(q -> q.table("episodes").filter(Predicate.eq("episode_id", key)))) {
                    if (t.getRowCount() != steps) {
                        throw new IllegalStateException("filtered read of " + key + " has " + t.getRowCount() + " rows");
                    }
                }
                scans[i] = System.nanoTime() - s;
            }
            System.out.printf("episode lookup: p50 %.1f ms, p99 %.1f ms; filtered catalog read of one episode: p50"
                    + " %.1f ms%n", pct(lookups, 50), pct(lookups, 99), pct(scans, 50));

            long whole = Math.max(1, episodes / 100);
            long before = m.bytes();
            try (VectorSchemaRoot b = batch(allocator, episodes / 2, episodes / 2 + whole, 0, steps, 0.5)) {
                client.catalog().write(b, w -> w.table("episodes").mode(WriteMode.MERGE));
            }
            ShardManifest m2 = packds.manifest("default", "episodes");
            long w1 = bytesOfWrite(m2.manifestUri());
            System.out.printf("1%% upsert as %d whole episodes: wrote %,d bytes = %.2f%% of the table (manifest %,d)%n",
                    whole, w1, 100.0 * w1 / before, Files.size(Path.of(java.net.URI.create(m2.manifestUri()))));
            long spread = Math.max(1, episodes / 10);
            int perEpisode = (int) Math.max(1, rows / 100 / spread);
            try (VectorSchemaRoot b = spreadBatch(allocator, episodes, spread, perEpisode)) {
                client.catalog().write(b, w -> w.table("episodes").mode(WriteMode.MERGE));
            }
            ShardManifest m3 = packds.manifest("default", "episodes");
            long w2 = bytesOfWrite(m3.manifestUri());
            System.out.printf("1%% upsert spread as %d rows in each of %d episodes: wrote %,d bytes = %.2f%% of the"
                    + " table%n", perEpisode, spread, w2, 100.0 * w2 / m2.bytes());
        }
    }

    private static double loaderRowsPerSecond(PackDS packds, long total) throws InterruptedException {
        AtomicLong delivered = new AtomicLong();
        Thread[] ranks = new Thread[2];
        long start = System.nanoTime();
        for (int rank = 0; rank < ranks.length; rank++) {
            int k = rank;
            ranks[rank] = new Thread(() -> {
                try (Loader l = packds.loader(o -> o.table("episodes").rank(k).worldSize(2).seed(1).batchSize(1024)
                        .shuffleBuffer(8192))) {
                    while (l.next()) {
                        delivered.addAndGet(l.batch().getRowCount());
                    }
                }
            });
            ranks[rank].start();
        }
        for (Thread t : ranks) {
            t.join();
        }
        if (delivered.get() != total) {
            throw new IllegalStateException("loader delivered " + delivered.get() + " of " + total);
        }
        return total / ((System.nanoTime() - start) / 1e9);
    }

    private static double scanRowsPerSecond(ShardManifest m, BufferAllocator allocator) {
        FormatProvider lance = Formats.require("lance");
        long rows = 0;
        long start = System.nanoTime();
        for (Shard s : m.shards()) {
            try (FormatReader r = lance.openReader(Storages.forUri(s.uri(), Map.of()).inputFile(s.uri()),
                    ReadRequest.all(8192), allocator)) {
                while (r.next()) {
                    rows += r.batch().getRowCount();
                }
            }
        }
        return rows / ((System.nanoTime() - start) / 1e9);
    }

    static long bytesOfWrite(String manifestUri) throws java.io.IOException {
        try (var s = Files.walk(Path.of(java.net.URI.create(manifestUri)).getParent())) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static double pct(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, Math.max(0, (int) Math.ceil(p / 100.0 * s.length) - 1))] / 1e6;
    }

    /** Episodes {@code [from, to)}, steps {@code [fromStep, toStep)}, obs shifted by {@code delta}. */
    static VectorSchemaRoot batch(BufferAllocator a, long from, long to, int fromStep, int toStep, double delta) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, a);
        root.allocateNew();
        int i = 0;
        for (long e = from; e < to; e++) {
            for (int s = fromStep; s < toStep; s++) {
                set(root, i++, e, s, delta);
            }
        }
        root.setRowCount(i);
        return root;
    }

    private static VectorSchemaRoot spreadBatch(BufferAllocator a, long episodes, long count, int perEpisode) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, a);
        root.allocateNew();
        int i = 0;
        for (long k = 0; k < count; k++) {
            long e = k * (episodes / count);
            for (int s = 0; s < perEpisode; s++) {
                set(root, i++, e, s, 0.75);
            }
        }
        root.setRowCount(i);
        return root;
    }

    private static void set(VectorSchemaRoot root, int i, long episode, int step, double delta) {
        ((BigIntVector) root.getVector("episode_id")).setSafe(i, episode);
        ((IntVector) root.getVector("step")).setSafe(i, step);
        ((Float8Vector) root.getVector("obs")).setSafe(i, episode * 1000.0 + step + delta);
        SplittableRandom r = new SplittableRandom(episode * 100_003 + step);
        StringBuilder sb = new StringBuilder(256);
        while (sb.length() < 256) {
            sb.append(Long.toHexString(r.nextLong()));
        }
        ((VarCharVector) root.getVector("frame")).setSafe(i, sb.substring(0, 256).getBytes(StandardCharsets.UTF_8));
    }
}
