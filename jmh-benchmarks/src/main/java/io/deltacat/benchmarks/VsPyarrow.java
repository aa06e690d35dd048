package io.deltacat.benchmarks;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.Formats;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.spi.Storages;
import io.deltacat.server.DeltacatServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * This project against pyarrow on the same data in the same run (a plain main, {@code run.sh pyarrow}):
 * for each format pyarrow reads and writes, the project's write and read end to end (client, embedded
 * server, table of that format) and its provider alone (one file, as pyarrow's bare file I/O), then
 * {@code pyarrow/formats_vs_pyarrow.py} times pyarrow on the same rows. Best of {@code rounds} each;
 * prints a Markdown table of milliseconds and ratios (ours / pyarrow). pyarrow writes no JSON: its JSON
 * read is of the file our provider wrote.
 * Args: python (with pyarrow), row counts (comma-separated), rounds, formats (comma-separated).
 */
public final class VsPyarrow {
    private VsPyarrow() {
    }

    static final String FORMATS = "parquet,orc,feather,csv,json";

    public static void main(String[] args) throws Exception {
        String python = args.length > 0 ? args[0] : "python3";
        String[] rowCounts = (args.length > 1 ? args[1] : "1000000,10000000").split(",");
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<String> formats = List.of((args.length > 3 ? args[3] : FORMATS).split(","));
        Path script = Path.of(System.getProperty("bench.pyarrowScript", "jmh-benchmarks/pyarrow/formats_vs_pyarrow.py"));
        StringBuilder table = new StringBuilder(
                "| rows | format | write e2e / provider / pyarrow ms | write ratio e2e (provider) "
                        + "| read e2e / provider / pyarrow ms | read ratio e2e (provider) |\n|---|---|---|---|---|---|\n");
        for (String rowCount : rowCounts) {
            long rows = Long.parseLong(rowCount);
            Path dir = Files.createTempDirectory("deltacat-vs-pyarrow-");
            try (BufferAllocator allocator = new RootAllocator();
                 SyntheticData data = new SyntheticData(allocator, rows);
                 DeltacatServer server = DeltacatServer.builder().root(dir.resolve("root")).port(0).build().start();
                 DeltacatClient client = DeltacatClient.connect(ClientConfig.builder().uri(server.uri().toString())
                         .allocator(allocator).build())) {
                Path arrow = dir.resolve("data.arrow");
                writeIpc(data, arrow, allocator);
                Map<String, double[]> ours = new LinkedHashMap<>(); // e2e write, provider write, e2e read, provider read
                for (String format : formats) {
                    ours.put(format, measure(format, data, client, dir, rounds, allocator));
                    System.out.printf("ours %-8s %,d rows: write %.0f / %.0f ms, read %.0f / %.0f ms (e2e / provider)%n",
                            format, rows, ours.get(format)[0], ours.get(format)[1], ours.get(format)[2], ours.get(format)[3]);
                }
                Map<String, Double> theirs = pyarrow(python, script, arrow, dir, rounds, dir.resolve("provider.json"),
                        String.join(",", formats));
                for (String format : formats) {
                    double[] o = ours.get(format);
                    Double w = theirs.get(format + " write");
                    Double r = theirs.get(format + " read");
                    table.append(String.format("| %,d | %s | %s | %s | %.0f / %.0f / %.0f | **%.2f** (%.2f) |%n", rows, format,
                            w == null ? String.format("%.0f / %.0f / -", o[0], o[1]) : String.format("%.0f / %.0f / %.0f", o[0], o[1], w),
                            w == null ? "-" : String.format("**%.2f** (%.2f)", o[0] / w, o[1] / w),
                            o[2], o[3], r, o[2] / r, o[3] / r));
                }
            } finally {
                deleteAll(dir);
            }
        }
        System.out.println();
        System.out.print(table);
    }

    private static void writeIpc(SyntheticData data, Path path, BufferAllocator allocator) throws Exception {
        try (ArrowReader r = data.reader();
             FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             ArrowFileWriter w = new ArrowFileWriter(r.getVectorSchemaRoot(), null, ch)) {
            w.start();
            while (r.loadNextBatch()) {
                w.writeBatch();
            }
            w.end();
        }
    }

    /** Best times in ms: end-to-end write, provider write, end-to-end read, provider read. */
    private static double[] measure(String format, SyntheticData data, DeltacatClient client, Path dir, int rounds,
                                    BufferAllocator allocator) throws Exception {
        FormatProvider provider = Formats.require(format);
        Path file = dir.resolve("provider." + format);
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        String table = "t_" + format;
        for (int round = 0; round < rounds; round++) {
            String name = table + round;
            best[0] = Math.min(best[0], time(() -> {
                try (ArrowReader r = data.reader()) {
                    return client.catalog().write(r, w -> w.table(name).format(format)
                            .targetFileSizeBytes(64L << 20)).rowCount();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, data.rows));
            Files.deleteIfExists(file);
            best[1] = Math.min(best[1], time(() -> {
                String uri = file.toUri().toString();
                try (ArrowReader r = data.reader();
                     FormatWriter w = provider.openWriter(Storages.forUri(uri, Map.of()).outputFile(uri),
                             SyntheticData.SCHEMA, Map.of(), allocator)) {
                    long n = 0;
                    while (r.loadNextBatch()) {
                        VectorSchemaRoot b = r.getVectorSchemaRoot();
                        w.write(b);
                        n += b.getRowCount();
                    }
                    w.finish();
                    return n;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, data.rows));
        }
        for (int round = 0; round < rounds; round++) {
            best[2] = Math.min(best[2], time(() -> {
                long n = 0;
                try (ArrowReader r = client.catalog().read(q -> q.table(table + "0"))) {
                    while (r.loadNextBatch()) {
                        n += r.getVectorSchemaRoot().getRowCount();
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return n;
            }, data.rows));
            best[3] = Math.min(best[3], time(() -> {
                String uri = file.toUri().toString();
                long n = 0;
                // the text formats are read with the table's schema, as the client reads them
                try (FormatReader r = provider.openReader(Storages.forUri(uri, Map.of()).inputFile(uri),
                        ReadRequest.all(65_536).withExpectedSchema(SyntheticData.SCHEMA), allocator)) {
                    while (r.next()) {
                        n += r.batch().getRowCount();
                    }
                }
                return n;
            }, data.rows));
        }
        for (int round = 0; round < rounds; round++) {
            client.catalog().dropTable("default", table + round);
        }
        if (!format.equals("json")) { // pyarrow reads our JSON lines (it writes none)
            Files.delete(file);
        }
        return best;
    }

    private static double time(LongSupplier run, long rows) {
        long t0 = System.nanoTime();
        long n = run.getAsLong();
        double ms = (System.nanoTime() - t0) / 1e6;
        if (n != rows) {
            throw new IllegalStateException(n + " rows, expected " + rows);
        }
        return ms;
    }

    private static Map<String, Double> pyarrow(String python, Path script, Path arrow, Path dir, int rounds, Path json,
                                               String formats) throws Exception {
        Process p = new ProcessBuilder(python, script.toString(), arrow.toString(), dir.toString(),
                String.valueOf(rounds), json.toString(), formats).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<String, Double> out = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.trim().split(" ");
                out.put(f[0] + " " + f[1], Double.parseDouble(f[2]));
                System.out.println("pyarrow " + line);
            }
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("pyarrow script failed: exit " + p.exitValue());
        }
        return out;
    }

    private static void deleteAll(Path path) throws java.io.IOException {
        try (var paths = Files.walk(path)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
