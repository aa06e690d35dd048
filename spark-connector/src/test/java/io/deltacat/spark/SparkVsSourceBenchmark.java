package io.deltacat.spark;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.server.DeltacatServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The connector beside Spark's own Parquet or ORC source in one run (a plain main, run by
 * {@code bench.sh}; not a test): the same generated rows written as a DeltaCAT table
 * ({@code writeTo(...).append()}, one staged write, one commit) and as a folder by Spark's source
 * ({@code df.write().format(f)}), then read in full (every column aggregated, so no column is pruned)
 * through the connector and through {@code spark.read().format(f)} over the very files the table's plan
 * names. Each measurement
 * alternates the two sides, a warm-up round first; medians and ratios (ours / Spark's) are printed.
 */
public final class SparkVsSourceBenchmark {
    private static final String FULL_SCAN = "count(*), sum(id), sum(length(name)), sum(score), max(day), cast(max(ts) AS STRING)";

    private SparkVsSourceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        // > 0: spark.sql.files.maxPartitionBytes for both readers, and the connector writes row groups of a
        // quarter of that, so files larger than it are read as row-group splits (Spark's source splits them too)
        long splitBytes = args.length > 2 ? Long.parseLong(args[2]) : 0;
        String format = args.length > 3 ? args[3] : "parquet";
        if (!format.equals("parquet") && !format.equals("orc")) {
            throw new IllegalArgumentException("format must be parquet or orc, got " + format);
        }
        Path dir = Files.createTempDirectory("deltacat-spark-bench");
        try (DeltacatServer server = DeltacatServer.builder().root(dir.resolve("root")).port(0).build().start();
             DeltacatClient client = DeltacatClient.connect(ClientConfig.builder().uri(server.uri()).build())) {
            SparkSession spark = SparkSession.builder().master("local[2]").appName("deltacat-spark-bench")
                    .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.session.timeZone", "UTC")
                    .config("spark.sql.catalog.dc", DeltacatCatalog.class.getName())
                    .config("spark.sql.catalog.dc.uri", server.uri().toString()).getOrCreate();
            try {
                if (splitBytes > 0) {
                    spark.conf().set("spark.sql.files.maxPartitionBytes", Long.toString(splitBytes));
                }
                run(spark, client, dir, rows, rounds, splitBytes, format);
            } finally {
                spark.stop();
                deleteTree(dir);
            }
        }
    }

    /**
     * The rows; for ORC, {@code ts} is a {@code TIMESTAMP_NTZ}: a Spark {@code TIMESTAMP} (an instant) is
     * written as ORC's {@code timestamp with local time zone}, which Spark's own ORC source cannot read.
     */
    private static Dataset<Row> data(SparkSession spark, long rows, String format) {
        return spark.range(rows).selectExpr("id", "concat('name-', cast(id % 100000 AS STRING)) AS name",
                "cast(id AS DOUBLE) / 7 AS score", "date_add(DATE'2024-01-01', CAST(id % 365 AS INT)) AS day",
                "CAST(TIMESTAMP'2024-01-01 00:00:00' + make_interval(0, 0, 0, 0, 0, 0, id % 86400) AS "
                        + timestampType(format) + ") AS ts");
    }

    private static String timestampType(String format) {
        return format.equals("orc") ? "TIMESTAMP_NTZ" : "TIMESTAMP";
    }

    private static void run(SparkSession spark, DeltacatClient client, Path dir, long rows, int rounds,
                            long splitBytes, String format) throws Exception {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS dc.bench");
        List<Long> oursWrite = new ArrayList<>();
        List<Long> sparkWrite = new ArrayList<>();
        List<Long> oursRead = new ArrayList<>();
        List<Long> sparkRead = new ArrayList<>();
        String expected = null;
        for (int round = 0; round <= rounds; round++) {
            String table = "t" + round;
            spark.sql("CREATE TABLE dc.bench." + table + " (id BIGINT, name STRING, score DOUBLE, day DATE, ts "
                    + timestampType(format) + ")"
                    + " USING " + format);
            long t0 = System.nanoTime();
            var writer = data(spark, rows, format).writeTo("dc.bench." + table);
            if (splitBytes > 0) {
                // several row groups (stripes) per split, as Spark's byte-range splits are finer than one
                writer = writer.option(format.equals("orc") ? "format.stripe_size" : "format.row_group_size",
                        Long.toString(Math.max(1, splitBytes / 4)));
            }
            writer.append();
            long ours = System.nanoTime() - t0;
            String folder = dir.resolve("spark-" + round).toString();
            t0 = System.nanoTime();
            // the codec our providers use by default (Spark's own default is snappy), so both write the same
            data(spark, rows, format).write().format(format).option("compression", "zstd").save(folder);
            long theirs = System.nanoTime() - t0;

            var planned = client.catalog().plan(q -> q.namespace("bench").table(table)).files();
            String[] files = planned.stream().map(f -> Paths.get(java.net.URI.create(f.uri())).toString())
                    .toArray(String[]::new);
            long bytes = planned.stream().mapToLong(io.deltacat.api.model.DataFile::sizeBytes).sum();
            t0 = System.nanoTime();
            Dataset<Row> oursTable = spark.table("dc.bench." + table);
            Row oursRow = oursTable.selectExpr(FULL_SCAN.split(", ")).first();
            String oursResult = oursRow.toString();
            long oursR = System.nanoTime() - t0;
            t0 = System.nanoTime();
            Row theirsRow = spark.read().format(format).load(files).selectExpr(FULL_SCAN.split(", ")).first();
            String theirsResult = theirsRow.toString();
            long theirsR = System.nanoTime() - t0;
            if (!same(oursRow, theirsRow)) {
                throw new IllegalStateException("the two reads differ: " + oursResult + " vs " + theirsResult);
            }
            expected = oursResult;
            System.out.printf("round %d%s: write ours %.2f s, spark %.2f s; read ours %.2f s, spark %.2f s (%d files,"
                            + " %d MiB, read tasks ours %d, spark %d)%n",
                    round, round == 0 ? " (warm-up)" : "", ours / 1e9, theirs / 1e9, oursR / 1e9, theirsR / 1e9,
                    files.length, bytes >> 20, oursTable.rdd().getNumPartitions(), spark.read().format(format).load(files).rdd().getNumPartitions());
            if (round > 0) {
                oursWrite.add(ours);
                sparkWrite.add(theirs);
                oursRead.add(oursR);
                sparkRead.add(theirsR);
            }
            spark.sql("DROP TABLE dc.bench." + table);
        }
        System.out.println("result " + expected);
        System.out.printf("%s, %d rows, %d rounds, medians: write ours %.2f s, spark %.2f s, ratio %.2f;"
                        + " read ours %.2f s, spark %.2f s, ratio %.2f%n", format, rows, rounds,
                median(oursWrite) / 1e9, median(sparkWrite) / 1e9, (double) median(oursWrite) / median(sparkWrite),
                median(oursRead) / 1e9, median(sparkRead) / 1e9, (double) median(oursRead) / median(sparkRead));
        System.out.printf("median of the rounds' ratios: write %.2f, read %.2f%n", pairedRatio(oursWrite, sparkWrite),
                pairedRatio(oursRead, sparkRead));
    }

    /**
     * Equal rows, sums of doubles within rounding: tasks that split the files differently add the same
     * values in another order.
     */
    private static boolean same(Row a, Row b) {
        for (int i = 0; i < a.length(); i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            if (x instanceof Double dx && y instanceof Double dy) {
                if (Math.abs(dx - dy) > 1e-9 * Math.max(Math.abs(dx), Math.abs(dy))) {
                    return false;
                }
            } else if (!java.util.Objects.equals(x, y)) {
                return false;
            }
        }
        return a.length() == b.length();
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The median of the rounds' own ratios (each round measures both sides back to back, under the same load). */
    private static double pairedRatio(List<Long> ours, List<Long> theirs) {
        double[] r = new double[ours.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (double) ours.get(i) / theirs.get(i);
        }
        Arrays.sort(r);
        return r[r.length / 2];
    }

    private static long median(List<Long> values) {
        long[] v = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
