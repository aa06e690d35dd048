package io.deltacat.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.model.DataFile;
import io.deltacat.api.model.PartitionKey;
import io.deltacat.api.model.ReadPlan;
import io.deltacat.api.model.TableInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.vector.table.Table;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connector against real parts: the embedded DeltaCAT server on loopback, one local SparkSession
 * ({@code local[2,2]}: two threads, a failed task is retried once) shared by every test, results
 * checked against the Java client's reads and against Spark's own Parquet source over the same files.
 */
class SparkConnectorTest extends SparkTestBase {
    @BeforeAll
    static void registerFailingUdfs() {
        spark.udf().register("failFirstAttempt", (UDF1<Long, Long>) v -> {
            TaskContext t = TaskContext.get();
            if (t.attemptNumber() == 0 && t.partitionId() == 0 && v == 150L) {
                throw new IllegalStateException("task fails after staging its first files");
            }
            return v;
        }, DataTypes.LongType);
        spark.udf().register("alwaysFail", (UDF1<Long, Long>) v -> {
            if (v == 900L) {
                throw new IllegalStateException("the job fails");
            }
            return v;
        }, DataTypes.LongType);
    }

    private static long clientSum(String ns, String table, String column) {
        long sum = 0;
        try (Table t = client.catalog().readAll(q -> q.namespace(ns).table(table).columns(column))) {
            for (org.apache.arrow.vector.table.Row r : t) {
                sum += r.isNull(column) ? 0 : r.getBigInt(column);
            }
        }
        return sum;
    }

    /** Every file under the table's data folder: committed files and any staged leftover. */
    private static Set<String> filesOnDisk(String ns, String table) throws IOException {
        Path data = root.resolve(ns).resolve(table);
        if (!Files.exists(data)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.walk(data)) {
            return s.filter(Files::isRegularFile).map(p -> p.toAbsolutePath().normalize().toString())
                    .filter(p -> !p.contains("/.")).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> plannedFiles(String ns, String table) {
        ReadPlan plan = client.catalog().plan(q -> q.namespace(ns).table(table));
        return plan.files().stream().map(f -> Paths.get(java.net.URI.create(f.uri())).toAbsolutePath().normalize()
                .toString()).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void catalogDdlAndSqlReadsWritesMatchTheClient() throws Exception {
        spark.sql("CREATE NAMESPACE dc.robotics");
        assertThat(spark.sql("SHOW NAMESPACES IN dc").collectAsList()).extracting(r -> r.getString(0))
                .contains("robotics");
        spark.sql("CREATE TABLE dc.robotics.episodes (id BIGINT, task STRING, score DOUBLE, day DATE, "
                + "ts TIMESTAMP, amount DECIMAL(10,2), ok BOOLEAN, payload BINARY) USING parquet "
                + "PARTITIONED BY (task) TBLPROPERTIES ('schema_evolution_mode'='manual')");
        assertThat(spark.sql("SHOW TABLES IN dc.robotics").collectAsList()).extracting(r -> r.getString(1))
                .containsExactly("episodes");
        TableInfo info = client.catalog().getTable("robotics", "episodes");
        assertThat(info.format()).isEqualTo("parquet");
        assertThat(info.partitionKeys()).containsExactly(PartitionKey.identity("task"));
        assertThat(info.properties()).containsEntry("schema_evolution_mode", "manual");
        List<Row> described = spark.sql("DESCRIBE TABLE dc.robotics.episodes").collectAsList();
        assertThat(described).extracting(r -> r.getString(0)).contains("id", "task", "score", "day", "ts", "amount");

        spark.sql("INSERT INTO dc.robotics.episodes SELECT id, concat('task', cast(id % 3 AS STRING)), id / 2.0, "
                + "date_add(DATE'2024-01-01', CAST(id % 30 AS INT)), TIMESTAMP'2024-01-01 00:00:00' + make_interval(0,0,0,0,0,0,id), "
                + "CAST(id AS DECIMAL(10,2)), id % 2 = 0, CAST(CAST(id AS STRING) AS BINARY) FROM range(0, 3000)");
        spark.range(3000, 4000).selectExpr("id", "'task9' AS task", "id / 2.0 AS score", "DATE'2024-02-01' AS day",
                        "TIMESTAMP'2024-02-01 00:00:00' AS ts", "CAST(id AS DECIMAL(10,2)) AS amount", "true AS ok",
                        "CAST(NULL AS BINARY) AS payload")
                .writeTo("dc.robotics.episodes").append();

        assertThat(clientCount("robotics", "episodes")).isEqualTo(4000);
        Row agg = spark.sql("SELECT count(*), sum(id), sum(amount), count(DISTINCT task), max(ts), min(day) "
                + "FROM dc.robotics.episodes").first();
        assertThat(agg.getLong(0)).isEqualTo(4000);
        assertThat(agg.getLong(1)).isEqualTo(clientSum("robotics", "episodes", "id"));
        assertThat(agg.getDecimal(2)).isEqualByComparingTo("7998000");
        assertThat(agg.getLong(3)).isEqualTo(4);
        assertThat(agg.get(5).toString()).isEqualTo("2024-01-01");

        // a pushed filter prunes partitions on the server; Spark still checks every row
        Dataset<Row> task1 = spark.sql("SELECT id, score FROM dc.robotics.episodes WHERE task = 'task1' AND id < 100");
        assertThat(task1.queryExecution().executedPlan().toString()).contains("EqualTo(task,task1)");
        assertThat(task1.count()).isEqualTo(33);
        try (Table t = client.catalog().readAll(q -> q.namespace("robotics").table("episodes")
                .filter(io.deltacat.api.expr.Predicate.and(io.deltacat.api.expr.Predicate.eq("task", "task1"),
                        io.deltacat.api.expr.Predicate.lt("id", 100L))))) {
            assertThat(t.getRowCount()).isEqualTo(33);
        }
        // column pruning and a limit
        assertThat(spark.sql("SELECT id FROM dc.robotics.episodes LIMIT 7").collectAsList()).hasSize(7);

        // Spark's own Parquet source over the very files of the plan sees the same rows
        String[] paths = client.catalog().plan(q -> q.namespace("robotics").table("episodes")).files().stream()
                .map(DataFile::uri).toArray(String[]::new);
        Row direct = spark.read().parquet(paths).selectExpr("count(*)", "sum(id)").first();
        assertThat(direct.getLong(0)).isEqualTo(4000);
        assertThat(direct.getLong(1)).isEqualTo(agg.getLong(1));

        // the path-less data source
        long viaSource = spark.read().format("deltacat").option("uri", server.uri().toString())
                .option("table", "robotics.episodes").load().where("ok").count();
        assertThat(viaSource).isEqualTo(spark.sql("SELECT * FROM dc.robotics.episodes WHERE ok").count());

        spark.sql("DROP TABLE dc.robotics.episodes");
        assertThat(client.catalog().tableExists("robotics", "episodes")).isFalse();
    }

    @Test
    void timeTravelAndOverwrite() throws Exception {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS dc.tt");
        spark.sql("CREATE TABLE dc.tt.events (id BIGINT, v STRING) USING parquet");
        spark.sql("INSERT INTO dc.tt.events SELECT id, 'a' FROM range(0, 100)");
        long first = client.catalog().getTable("tt", "events").latestCommitTime().getAsLong();
        spark.sql("INSERT INTO dc.tt.events SELECT id, 'b' FROM range(100, 250)");
        assertThat(spark.sql("SELECT count(*) FROM dc.tt.events").first().getLong(0)).isEqualTo(250);
        assertThat(spark.sql("SELECT count(*) FROM dc.tt.events VERSION AS OF '" + first + "'").first().getLong(0))
                .isEqualTo(100);
        // a Spark timestamp (microseconds) truncating the commit time still finds the commit
        String micros = java.time.Instant.ofEpochSecond(0, first).truncatedTo(java.time.temporal.ChronoUnit.MICROS)
                .toString();
        assertThat(spark.sql("SELECT count(*) FROM dc.tt.events TIMESTAMP AS OF '" + micros + "'").first().getLong(0))
                .isEqualTo(100);
        long viaOption = spark.read().format("deltacat").option("uri", server.uri().toString())
                .option("table", "tt.events").option("asOf", first).load().count();
        assertThat(viaOption).isEqualTo(100);

        spark.sql("INSERT OVERWRITE dc.tt.events SELECT id, 'c' FROM range(0, 10)");
        assertThat(clientCount("tt", "events")).isEqualTo(10);
        assertThat(spark.sql("SELECT DISTINCT v FROM dc.tt.events").collectAsList()).extracting(r -> r.getString(0))
                .containsExactly("c");
    }

    @Test
    void mergeKeysReadReconciledAndMergeWrites() throws Exception {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS dc.mk");
        spark.sql("CREATE TABLE dc.mk.users (id BIGINT NOT NULL, name STRING, visits BIGINT) USING parquet "
                + "TBLPROPERTIES ('merge_keys'='id')");
        assertThat(client.catalog().getTable("mk", "users").mergeKeys()).containsExactly("id");
        spark.range(0, 500).selectExpr("id", "concat('u', id) AS name", "1L AS visits")
                .writeTo("dc.mk.users").append();
        spark.range(250, 750).selectExpr("id", "concat('v', id) AS name", "2L AS visits")
                .writeTo("dc.mk.users").option("mode", "merge").append();
        Row r = spark.sql("SELECT count(*), sum(visits), count(DISTINCT id) FROM dc.mk.users").first();
        assertThat(r.getLong(0)).isEqualTo(750).isEqualTo(clientCount("mk", "users"));
        assertThat(r.getLong(1)).isEqualTo(250 * 1 + 500 * 2).isEqualTo(clientSum("mk", "users", "visits"));
        assertThat(r.getLong(2)).isEqualTo(750);
        assertThat(spark.sql("SELECT name FROM dc.mk.users WHERE id = 300").first().getString(0)).isEqualTo("v300");
        assertThatThrownBy(() -> spark.range(0, 3).selectExpr("id", "'x' AS name", "0L AS visits")
                .writeTo("dc.mk.users").option("mode", "sideways").append())
                .hasMessageContaining("sideways");
    }

    @Test
    void retriedTaskStagesNoDuplicateRows() throws Exception {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS dc.retry");
        spark.sql("CREATE TABLE dc.retry.t (id BIGINT) USING parquet");
        // small batches and files: the first attempt of partition 0 has staged files before it fails
        spark.range(0, 400, 1, 2).selectExpr("failFirstAttempt(id) AS id").writeTo("dc.retry.t")
                .option("batchSize", "50").option("targetFileSizeBytes", "1").append();
        assertThat(clientCount("retry", "t")).isEqualTo(400);
        Row counts = spark.sql("SELECT count(DISTINCT id), count(*) FROM dc.retry.t").first();
        assertThat(counts.getLong(0)).isEqualTo(400);
        assertThat(counts.getLong(1)).isEqualTo(400);
        assertThat(filesOnDisk("retry", "t")).as("no staged leftover of the failed attempt")
                .isEqualTo(plannedFiles("retry", "t"));
    }

    @Test
    void failedJobLeavesNothingBehind() throws Exception {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS dc.fail");
        spark.sql("CREATE TABLE dc.fail.t (id BIGINT) USING parquet");
        spark.sql("INSERT INTO dc.fail.t SELECT id FROM range(0, 10)");
        Set<String> before = filesOnDisk("fail", "t");
        assertThatThrownBy(() -> spark.range(0, 1000, 1, 2).selectExpr("alwaysFail(id) AS id")
                .writeTo("dc.fail.t").option("batchSize", "50").option("targetFileSizeBytes", "1").append())
                .hasStackTraceContaining("the job fails");
        assertThat(clientCount("fail", "t")).isEqualTo(10);
        assertThat(filesOnDisk("fail", "t")).as("staged files of the failed job are deleted").isEqualTo(before);
    }

    @Test
    void filesOfAnAttemptThatNeverAbortedAreNotCommitted() throws Exception {
        client.catalog().createNamespace("straggler");
        org.apache.arrow.vector.types.pojo.Schema schema = new org.apache.arrow.vector.types.pojo.Schema(List.of(
                org.apache.arrow.vector.types.pojo.Field.nullable("id", new org.apache.arrow.vector.types.pojo.ArrowType.Int(64, true))));
        io.deltacat.api.model.StagedWriteTarget target = client.catalog().beginStagedWrite(schema,
                w -> w.namespace("straggler").table("t").mode(io.deltacat.api.model.WriteMode.CREATE));
        // a serialized round trip, as the target travels to Spark's executors
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(target);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(target);
        }
        List<io.deltacat.api.model.StagedFile> accepted;
        try (org.apache.arrow.vector.VectorSchemaRoot batch = org.apache.arrow.vector.VectorSchemaRoot.create(
                target.schema(), allocator)) {
            org.apache.arrow.vector.BigIntVector ids = (org.apache.arrow.vector.BigIntVector) batch.getVector(0);
            ids.allocateNew(3);
            for (int i = 0; i < 3; i++) {
                ids.set(i, i);
            }
            batch.setRowCount(3);
            try (io.deltacat.api.StagedFilesWriter lost = client.catalog().openStagedFiles(target, "p00000-t1-")) {
                lost.write(batch);
                lost.finish(); // staged, then its executor died: never committed, never aborted
            }
            try (io.deltacat.api.StagedFilesWriter retry = client.catalog().openStagedFiles(target, "p00000-t2-")) {
                retry.write(batch);
                accepted = retry.finish();
            }
        }
        assertThat(filesOnDisk("straggler", "t")).hasSize(2);
        client.catalog().commitStagedWrite(target, accepted);
        assertThat(clientCount("straggler", "t")).isEqualTo(3);
        assertThat(filesOnDisk("straggler", "t")).isEqualTo(plannedFiles("straggler", "t")).hasSize(1);
    }
}
