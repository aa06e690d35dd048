package io.deltacat.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.apache.spark.sql.functions.col;

import io.deltacat.api.error.UnsupportedFeatureException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Overwrites of part of a table, each one commit: by a filter on identity partition columns, a static
 * {@code INSERT OVERWRITE ... PARTITION}, and dynamic partition overwrite; filters that cannot be decided
 * exactly are refused; a failed job, or a commit by someone else meanwhile, leaves the table as it was.
 */
class SparkOverwriteTest extends SparkTestBase {
    private static final AtomicBoolean INTERFERED = new AtomicBoolean();

    @BeforeAll
    static void udfs() {
        spark.udf().register("failAt", (UDF1<Long, Long>) v -> {
            if (v == 1005L) {
                throw new IllegalStateException("the overwrite job fails");
            }
            return v;
        }, DataTypes.LongType);
        // another writer commits to the table while the overwrite job runs
        spark.udf().register("interfere", (UDF1<Long, Long>) v -> {
            if (INTERFERED.compareAndSet(false, true)) {
                appendConcurrently();
            }
            return v;
        }, DataTypes.LongType);
    }

    /** One row (777, 'b', 'concurrent') appended to owc.t through the Java client. */
    private static void appendConcurrently() {
        org.apache.arrow.vector.types.pojo.Schema schema = new org.apache.arrow.vector.types.pojo.Schema(List.of(
                org.apache.arrow.vector.types.pojo.Field.nullable("id",
                        new org.apache.arrow.vector.types.pojo.ArrowType.Int(64, true)),
                org.apache.arrow.vector.types.pojo.Field.nullable("task",
                        new org.apache.arrow.vector.types.pojo.ArrowType.Utf8()),
                org.apache.arrow.vector.types.pojo.Field.nullable("v",
                        new org.apache.arrow.vector.types.pojo.ArrowType.Utf8())));
        try (org.apache.arrow.vector.VectorSchemaRoot batch = org.apache.arrow.vector.VectorSchemaRoot.create(schema,
                allocator)) {
            batch.allocateNew();
            ((org.apache.arrow.vector.BigIntVector) batch.getVector(0)).setSafe(0, 777);
            ((org.apache.arrow.vector.VarCharVector) batch.getVector(1)).setSafe(0, "b".getBytes());
            ((org.apache.arrow.vector.VarCharVector) batch.getVector(2)).setSafe(0, "concurrent".getBytes());
            batch.setRowCount(1);
            client.catalog().write(batch, w -> w.namespace("owc").table("t")
                    .mode(io.deltacat.api.model.WriteMode.APPEND));
        }
    }

    @AfterEach
    void staticMode() {
        spark.conf().unset("spark.sql.sources.partitionOverwriteMode");
    }

    /** Rows per (task, v) of the table, as Spark reads it. */
    private static Map<String, Long> byTaskAndValue(String table) {
        Map<String, Long> out = new TreeMap<>();
        for (Row r : spark.sql("SELECT task, v, count(*) FROM " + table + " GROUP BY task, v").collectAsList()) {
            out.put(r.getString(0) + "/" + r.getString(1), r.getLong(2));
        }
        return out;
    }

    private static long latestCommit(String ns, String table) {
        return client.catalog().getTable(ns, table).latestCommitTime().getAsLong();
    }

    /** Reading just before the latest commit shows {@code before}: the latest commit made the change alone. */
    private static void oneCommit(String ns, String table, long previousCommit, Map<String, Long> before) {
        long latest = latestCommit(ns, table);
        assertThat(latest).isGreaterThan(previousCommit);
        Map<String, Long> justBefore = new TreeMap<>();
        for (Row r : spark.sql("SELECT task, v, count(*) FROM dc." + ns + "." + table + " VERSION AS OF '"
                + (latest - 1) + "' GROUP BY task, v").collectAsList()) {
            justBefore.put(r.getString(0) + "/" + r.getString(1), r.getLong(2));
        }
        assertThat(justBefore).as("the table just before the overwrite's commit").isEqualTo(before);
    }

    private static Set<String> filesOnDisk(String ns, String table) throws IOException {
        Path data = root.resolve(ns).resolve(table);
        try (Stream<Path> s = Files.walk(data)) {
            return s.filter(Files::isRegularFile).map(p -> p.toAbsolutePath().normalize().toString())
                    .filter(p -> !p.contains("/.")).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void overwriteByPartitionFilterReplacesOnlyMatchingPartitions() throws Exception {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS dc.ow");
        spark.sql("CREATE TABLE dc.ow.events (id BIGINT, task STRING, v STRING) USING parquet PARTITIONED BY (task)");
        spark.sql("INSERT INTO dc.ow.events SELECT id, concat('t', CAST(id % 3 AS STRING)), 'old' FROM range(0, 300)");
        Map<String, Long> before = byTaskAndValue("dc.ow.events");
        assertThat(before).isEqualTo(Map.of("t0/old", 100L, "t1/old", 100L, "t2/old", 100L));
        long previous = latestCommit("ow", "events");

        spark.range(1000, 1010).selectExpr("id", "'t0' AS task", "'new' AS v").writeTo("dc.ow.events")
                .overwrite(col("task").equalTo("t0"));
        assertThat(byTaskAndValue("dc.ow.events")).isEqualTo(Map.of("t0/new", 10L, "t1/old", 100L, "t2/old", 100L));
        assertThat(clientCount("ow", "events")).isEqualTo(210);
        oneCommit("ow", "events", previous, before);
        // the kept partitions hold the same rows as before, id for id
        assertThat(spark.sql("SELECT sum(id) FROM dc.ow.events WHERE task <> 't0'").first().getLong(0))
                .isEqualTo(spark.sql("SELECT sum(id) FROM range(0, 300) WHERE id % 3 <> 0").first().getLong(0));
        // Spark's Parquet source over the table's files agrees
        assertThat(spark.read().parquet(planned("ow", "events")).count()).isEqualTo(210);

        // a filter of several partitions (IN, OR), rows for only one of them: the other is emptied
        before = byTaskAndValue("dc.ow.events");
        previous = latestCommit("ow", "events");
        spark.range(2000, 2005).selectExpr("id", "'t1' AS task", "'newer' AS v").writeTo("dc.ow.events")
                .overwrite(col("task").isin("t1", "t9").or(col("task").equalTo("t2")));
        assertThat(byTaskAndValue("dc.ow.events")).isEqualTo(Map.of("t0/new", 10L, "t1/newer", 5L));
        oneCommit("ow", "events", previous, before);

        // a static partition in INSERT OVERWRITE is an overwrite by filter
        spark.sql("INSERT INTO dc.ow.events SELECT id, 't2', 'again' FROM range(0, 20)");
        before = byTaskAndValue("dc.ow.events");
        previous = latestCommit("ow", "events");
        spark.sql("INSERT OVERWRITE dc.ow.events PARTITION (task = 't1') SELECT id, 'static' FROM range(0, 3)");
        assertThat(byTaskAndValue("dc.ow.events"))
                .isEqualTo(Map.of("t0/new", 10L, "t1/static", 3L, "t2/again", 20L));
        oneCommit("ow", "events", previous, before);
    }

    @Test
    void dynamicPartitionOverwriteReplacesTheWrittenPartitions() throws Exception {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS dc.dyn");
        spark.sql("CREATE TABLE dc.dyn.events (id BIGINT, task STRING, v STRING) USING parquet PARTITIONED BY (task)");
        spark.sql("INSERT INTO dc.dyn.events SELECT id, concat('t', CAST(id % 3 AS STRING)), 'old' FROM range(0, 300)");
        Map<String, Long> before = byTaskAndValue("dc.dyn.events");
        long previous = latestCommit("dyn", "events");

        spark.conf().set("spark.sql.sources.partitionOverwriteMode", "dynamic");
        spark.sql("INSERT OVERWRITE dc.dyn.events SELECT id, IF(id < 5, 't2', 't3'), 'dyn' FROM range(0, 8)");
        assertThat(byTaskAndValue("dc.dyn.events"))
                .isEqualTo(Map.of("t0/old", 100L, "t1/old", 100L, "t2/dyn", 5L, "t3/dyn", 3L));
        assertThat(clientCount("dyn", "events")).isEqualTo(208);
        oneCommit("dyn", "events", previous, before);

        // the DataFrame form, whatever the session's mode
        spark.conf().unset("spark.sql.sources.partitionOverwriteMode");
        spark.range(0, 4).selectExpr("id", "'t0' AS task", "'df' AS v").writeTo("dc.dyn.events").overwritePartitions();
        assertThat(byTaskAndValue("dc.dyn.events"))
                .isEqualTo(Map.of("t0/df", 4L, "t1/old", 100L, "t2/dyn", 5L, "t3/dyn", 3L));
        assertThat(spark.read().parquet(planned("dyn", "events")).count()).isEqualTo(112);
    }

    @Test
    void inexactFiltersAreRefusedAndFailedJobsLeaveNothing() throws Exception {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS dc.owr");
        spark.sql("CREATE TABLE dc.owr.t (id BIGINT, task STRING, v STRING) USING parquet PARTITIONED BY (task)");
        spark.sql("INSERT INTO dc.owr.t SELECT id, concat('t', CAST(id % 2 AS STRING)), 'old' FROM range(0, 100)");
        Map<String, Long> before = byTaskAndValue("dc.owr.t");
        long previous = latestCommit("owr", "t");
        Set<String> files = filesOnDisk("owr", "t");

        // a filter on a column that is not an identity partition column cannot be decided per file
        assertThatThrownBy(() -> spark.range(0, 3).selectExpr("id", "'t0' AS task", "'x' AS v").writeTo("dc.owr.t")
                .overwrite(col("id").gt(50)))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("'id' is not an identity partition column");
        assertThatThrownBy(() -> spark.range(0, 3).selectExpr("id", "'t0' AS task", "'x' AS v").writeTo("dc.owr.t")
                .overwrite(col("task").startsWith("t")))
                .isInstanceOf(UnsupportedFeatureException.class);

        // a job that fails after tasks staged files
        assertThatThrownBy(() -> spark.range(1000, 1010, 1, 2).selectExpr("failAt(id) AS id", "'t0' AS task",
                        "'new' AS v").writeTo("dc.owr.t").option("batchSize", "2").option("targetFileSizeBytes", "1")
                .overwrite(col("task").equalTo("t0")))
                .hasStackTraceContaining("the overwrite job fails");
        assertThat(byTaskAndValue("dc.owr.t")).isEqualTo(before);
        assertThat(latestCommit("owr", "t")).isEqualTo(previous);
        assertThat(filesOnDisk("owr", "t")).as("staged files of the failed overwrite are deleted").isEqualTo(files);
    }

    @Test
    void aCommitByAnotherWriterMeanwhileFailsTheOverwrite() throws Exception {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS dc.owc");
        spark.sql("CREATE TABLE dc.owc.t (id BIGINT, task STRING, v STRING) USING parquet PARTITIONED BY (task)");
        spark.sql("INSERT INTO dc.owc.t SELECT id, concat('t', CAST(id % 2 AS STRING)), 'old' FROM range(0, 100)");

        assertThatThrownBy(() -> spark.range(0, 10, 1, 1).selectExpr("interfere(id) AS id", "'a' AS task",
                "'new' AS v").writeTo("dc.owc.t").overwrite(col("task").equalTo("a")))
                .isInstanceOf(io.deltacat.api.error.ConflictException.class)
                .hasMessageContaining("written by another commit");
        assertThat(INTERFERED).isTrue();
        // the concurrent row survives, the overwrite left nothing
        assertThat(byTaskAndValue("dc.owc.t"))
                .isEqualTo(Map.of("t0/old", 50L, "t1/old", 50L, "b/concurrent", 1L));
    }

    @Test
    void tablesWithMergeKeysRefuseAPartialOverwrite() {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS dc.owm");
        spark.sql("CREATE TABLE dc.owm.t (id BIGINT NOT NULL, task STRING) USING parquet PARTITIONED BY (task) "
                + "TBLPROPERTIES ('merge_keys'='id')");
        spark.sql("INSERT INTO dc.owm.t VALUES (1, 'a'), (2, 'b')");
        assertThatThrownBy(() -> spark.sql("SELECT 3L AS id, 'a' AS task").writeTo("dc.owm.t")
                .overwrite(col("task").equalTo("a")))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("merge keys");
        assertThat(clientCount("owm", "t")).isEqualTo(2);
        List<Row> rows = spark.sql("SELECT id FROM dc.owm.t ORDER BY id").collectAsList();
        assertThat(rows).extracting(r -> r.getLong(0)).containsExactly(1L, 2L);
    }
}
