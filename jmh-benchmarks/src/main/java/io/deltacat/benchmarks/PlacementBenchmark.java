package io.deltacat.benchmarks;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.model.DataFile;
import io.deltacat.api.model.ReplicationState;
import io.deltacat.api.model.RootReplication;
import io.deltacat.io.spi.AtomicOutputStream;
import io.deltacat.io.spi.Storage;
import io.deltacat.io.spi.StorageAccess;
import io.deltacat.io.spi.Storages;
import io.deltacat.server.DeltacatServer;
import io.deltacat.server.StorageRoot;
import io.deltacat.storage.s3.testing.S3ProxyProcess;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Data placement between two s3proxy roots (separate processes, loopback), a plain main, not JMH:
 * <ol>
 *   <li><b>backfill</b>: a {@code rows}-row table written at its home root {@code east} is placed on
 *   {@code west} with backfill; the time from the placement to "in sync" gives MB/s. The peer: the
 *   same objects copied by a plain stream copy through the same storage clients and as many threads
 *   (no read-back, no verification, no catalog), so the ratio is what verification and bookkeeping
 *   cost;</li>
 *   <li><b>lag</b>: a steady stream of {@code writes} small writes ({@code smallRows} rows each, one
 *   every {@code intervalMs}) to a table placed on {@code west}; for each, the time from its
 *   acknowledged commit to the status first reporting it replicated (status polled every 10 ms),
 *   p50/p99.</li>
 * </ol>
 * Run: {@code run.sh placement [rows] [writes] [smallRows] [intervalMs]}.
 */
public final class PlacementBenchmark {
    private static final int COPY_THREADS = 4;

    private PlacementBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int writes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int smallRows = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        long intervalMs = args.length > 3 ? Long.parseLong(args[3]) : 100;
        Path dir = Files.createTempDirectory("deltacat-placement-bench-");
        try (S3ProxyProcess eastStore = S3ProxyProcess.start(); S3ProxyProcess westStore = S3ProxyProcess.start()) {
            eastStore.createBucket("east");
            westStore.createBucket("west");
            Map<String, String> eastSettings = eastStore.settings(Map.of());
            Map<String, String> westSettings = westStore.settings(Map.of());
            try (DeltacatServer server = DeltacatServer.builder().root(dir.resolve("home")).roots(List.of(
                            StorageRoot.s3("east", "s3://east/lake/", eastSettings),
                            StorageRoot.s3("west", "s3://west/lake/", westSettings)))
                    .replication(2, COPY_THREADS, Duration.ofSeconds(5)).build().start();
                 RootAllocator allocator = new RootAllocator();
                 DeltacatClient client = DeltacatClient.connect(ClientConfig.builder().uri(server.uri().toString())
                         .allocator(allocator).build())) {
                System.out.printf("load average at start: %s%n", loadAverage());
                backfill(client, allocator, rows, eastSettings, westSettings);
                lag(client, allocator, writes, smallRows, intervalMs);
                System.out.printf("load average at end: %s%n", loadAverage());
            }
        }
    }

    private static void backfill(DeltacatClient client, RootAllocator allocator, long rows,
                                 Map<String, String> eastSettings, Map<String, String> westSettings) throws Exception {
        try (SyntheticData data = new SyntheticData(allocator, rows); ArrowReader r = data.reader()) {
            client.catalog().write(r, w -> w.table("big"));
        }
        List<DataFile> files = client.catalog().plan(q -> q.table("big")).files();
        long bytes = files.stream().mapToLong(DataFile::sizeBytes).sum();
        long start = System.nanoTime();
        client.catalog().place("default", "big", List.of("west"), true);
        awaitReplicated(client, "big", Long.MAX_VALUE, Duration.ofMinutes(30));
        double seconds = (System.nanoTime() - start) / 1e9;
        double ours = bytes / 1e6 / seconds;

        // the peer: a plain parallel stream copy of the same objects to another prefix of west
        Storage from = Storages.forUri("s3://east/lake/", StorageAccess.configured(eastSettings));
        Storage to = Storages.forUri("s3://west/lake/", StorageAccess.configured(westSettings));
        ExecutorService pool = Executors.newFixedThreadPool(COPY_THREADS);
        long peerStart = System.nanoTime();
        List<Future<Long>> copies = new ArrayList<>();
        for (DataFile f : files) {
            String target = "s3://west/peer/" + f.uri().substring("s3://east/lake/".length());
            copies.add(pool.submit(() -> copy(from, f.uri(), to, target)));
        }
        long copied = 0;
        for (Future<Long> c : copies) {
            copied += c.get();
        }
        double peerSeconds = (System.nanoTime() - peerStart) / 1e9;
        pool.shutdown();
        double peer = copied / 1e6 / peerSeconds;
        System.out.printf("backfill: %,d rows, %d files, %,.1f MB in %.2f s = %.1f MB/s (place to in sync)%n", rows,
                files.size(), bytes / 1e6, seconds, ours);
        System.out.printf("peer (plain %d-thread stream copy, no verification): %,.1f MB in %.2f s = %.1f MB/s;"
                + " ratio ours/peer = %.2f%n", COPY_THREADS, copied / 1e6, peerSeconds, peer, ours / peer);
    }

    private static long copy(Storage from, String source, Storage to, String target) throws Exception {
        byte[] buf = new byte[1 << 20];
        long n = 0;
        try (InputStream in = Channels.newInputStream(from.inputFile(source).open())) {
            AtomicOutputStream out = to.outputFile(target).create();
            for (int r; (r = in.read(buf)) > 0; ) {
                out.write(buf, 0, r);
                n += r;
            }
            out.close();
        }
        return n;
    }

    private static void lag(DeltacatClient client, RootAllocator allocator, int writes, int smallRows, long intervalMs)
            throws Exception {
        try (SyntheticData data = new SyntheticData(allocator, smallRows)) {
            try (ArrowReader r = data.reader()) {
                client.catalog().write(r, w -> w.table("stream"));
            }
            client.catalog().place("default", "stream", List.of("west"), true);
            awaitReplicated(client, "stream", Long.MAX_VALUE, Duration.ofMinutes(5));
            // written by the writer, read by the poller
            AtomicLongArray commitTimes = new AtomicLongArray(writes);
            AtomicLongArray ackedAt = new AtomicLongArray(writes);
            long[] seenAt = new long[writes];
            Thread poller = new Thread(() -> {
                int next = 0;
                while (next < writes) {
                    try {
                        RootReplication s = client.catalog().replicationStatus("default", "stream").get(0);
                        long now = System.nanoTime();
                        long through = s.lastReplicatedCommitTime().orElse(0);
                        while (next < writes && ackedAt.get(next) != 0 && commitTimes.get(next) <= through) {
                            seenAt[next++] = now;
                        }
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "lag-poller");
            poller.start();
            long begin = System.nanoTime();
            for (int i = 0; i < writes; i++) {
                long due = begin + i * intervalMs * 1_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                }
                try (ArrowReader r = data.reader()) {
                    commitTimes.set(i, client.catalog().write(r, w -> w.table("stream")).commitTime());
                }
                ackedAt.set(i, System.nanoTime());
            }
            poller.join(Duration.ofMinutes(5).toMillis());
            if (poller.isAlive()) {
                poller.interrupt();
                throw new IllegalStateException("replication did not catch up within 5 minutes");
            }
            double[] lags = new double[writes];
            for (int i = 0; i < writes; i++) {
                lags[i] = (seenAt[i] - ackedAt.get(i)) / 1e6;
            }
            Arrays.sort(lags);
            double span = (ackedAt.get(writes - 1) - begin) / 1e9;
            System.out.printf("lag: %d writes of %d rows over %.1f s (%.1f commits/s): commit ack to replicated"
                    + " p50 %.0f ms, p99 %.0f ms, max %.0f ms (status polled every 10 ms)%n", writes, smallRows, span,
                    writes / span, lags[writes / 2], lags[(int) Math.min(writes - 1, Math.ceil(writes * 0.99) - 1)],
                    lags[writes - 1]);
        }
    }

    /** Waits until the table's one placement is in sync (and, when given, through {@code commitTime}). */
    private static void awaitReplicated(DeltacatClient client, String table, long commitTime, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            RootReplication s = client.catalog().replicationStatus("default", table).get(0);
            if (s.state() == ReplicationState.IN_SYNC
                    && (commitTime == Long.MAX_VALUE || s.lastReplicatedCommitTime().orElse(0) >= commitTime)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("replication of " + table + " not in sync after " + timeout);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
