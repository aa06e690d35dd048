package io.deltacat.benchmarks;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.Formats;
import io.deltacat.io.spi.Storages;
import io.deltacat.server.DeltacatServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Write time against the writer's batch size (a plain main, {@code run.sh batches}): the same rows
 * in batches of each size, written by each format's provider alone and end to end through the
 * client and an embedded server. Batch size should not change write time by more than 1.5x.
 * Args: rows, formats (comma-separated), batch sizes (comma-separated), rounds.
 */
public final class BatchSizeProbe {
    private BatchSizeProbe() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        String[] formats = (args.length > 1 ? args[1] : "parquet,orc,avro,feather,csv").split(",");
        String[] sizes = (args.length > 2 ? args[2] : "7777,8192,50000").split(",");
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Path dir = Files.createTempDirectory("deltacat-batches-");
        try (BufferAllocator allocator = new RootAllocator();
             DeltacatServer server = DeltacatServer.builder().root(dir.resolve("root")).port(0).build().start();
             DeltacatClient client = DeltacatClient.connect(ClientConfig.builder().uri(server.uri().toString())
                     .allocator(allocator).build())) {
            int table = 0;
            for (String format : formats) {
                FormatProvider provider = Formats.require(format);
                for (String size : sizes) {
                    try (SyntheticData data = new SyntheticData(allocator, rows, Integer.parseInt(size))) {
                        long bestProvider = Long.MAX_VALUE;
                        long bestClient = Long.MAX_VALUE;
                        for (int round = 0; round < rounds; round++) {
                            Path file = dir.resolve("f" + (table++) + "." + format);
                            long t0 = System.nanoTime();
                            try (ArrowReader r = data.reader();
                                 FormatWriter w = provider.openWriter(Storages.forUri(file.toUri().toString(), Map.of())
                                         .outputFile(file.toUri().toString()), SyntheticData.SCHEMA, Map.of(), allocator)) {
                                while (r.loadNextBatch()) {
                                    w.write(r.getVectorSchemaRoot());
                                }
                                w.finish();
                            }
                            bestProvider = Math.min(bestProvider, System.nanoTime() - t0);
                            deleteAll(file); // a Lance dataset is a directory
                            String name = "t" + (table++);
                            t0 = System.nanoTime();
                            try (ArrowReader r = data.reader()) {
                                client.catalog().write(r, w -> w.table(name).format(format).targetFileSizeBytes(64L << 20));
                            }
                            bestClient = Math.min(bestClient, System.nanoTime() - t0);
                        }
                        System.out.printf("%-8s batch %6s  provider %7.0f ms  end-to-end %7.0f ms  (best of %d)%n",
                                format, size, bestProvider / 1e6, bestClient / 1e6, rounds);
                    }
                }
            }
        } finally {
            deleteAll(dir);
        }
    }

    private static void deleteAll(Path path) throws java.io.IOException {
        try (var paths = Files.walk(path)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
