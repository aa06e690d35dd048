package io.deltacat.benchmarks;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.server.DeltacatServer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Writes a table of {@code rows} rows (default 10M) and reads it back fully streaming, then reports
 * the peak Java heap (all heap pools) and the peak Arrow off-heap allocation of the read. Run with
 * {@code -Xmx512m}: {@code jmh-benchmarks/run.sh heap [rows]}.
 */
public final class StreamingReadHeap {
    private StreamingReadHeap() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        Path dir = Files.createTempDirectory("deltacat-heap-");
        try (RootAllocator writeAllocator = new RootAllocator();
             RootAllocator readAllocator = new RootAllocator();
             DeltacatServer server = DeltacatServer.builder().root(dir).port(0).build().start()) {
            try (DeltacatClient writer = DeltacatClient.connect(ClientConfig.builder().uri(server.uri().toString())
                    .allocator(writeAllocator).build())) {
                // written in slices so that generating the data does not itself need the heap
                for (long start = 0; start < rows; start += 1_000_000) {
                    try (SyntheticData slice = new SyntheticData(writeAllocator, Math.min(1_000_000, rows - start));
                         ArrowReader r = slice.reader()) {
                        writer.catalog().write(r, w -> w.table("heap").targetFileSizeBytes(64L << 20));
                    }
                }
            }
            System.gc();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            long n = 0;
            long start = System.nanoTime();
            try (DeltacatClient reader = DeltacatClient.connect(ClientConfig.builder().uri(server.uri().toString())
                    .allocator(readAllocator).build());
                 ArrowReader r = reader.catalog().read(q -> q.table("heap"))) {
                while (r.loadNextBatch()) {
                    n += r.getVectorSchemaRoot().getRowCount();
                }
            }
            long elapsed = System.nanoTime() - start;
            long heapPeak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heapPeak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf("rows read: %d in %.2f s; max heap %d MiB; peak heap used (sum of pools) %d MiB;"
                            + " peak Arrow off-heap %d MiB%n", n, elapsed / 1e9,
                    Runtime.getRuntime().maxMemory() >> 20, heapPeak >> 20, readAllocator.getPeakMemoryAllocation() >> 20);
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
