package io.deltacat.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.api.model.DataFile;
import io.deltacat.api.model.ReadPlan;
import java.util.List;
import org.apache.arrow.vector.table.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Files larger than {@code spark.sql.files.maxPartitionBytes} are read by several tasks, each reading
 * its own row groups (Parquet) or stripes (ORC): every row once, the same rows as the client and as
 * Spark's own Parquet or ORC source over the same files.
 */
class SparkSplitsTest extends SparkTestBase {
    private static final String MAX_BYTES = "spark.sql.files.maxPartitionBytes";

    @AfterEach
    void resetMaxBytes() {
        spark.conf().unset(MAX_BYTES);
    }

    /**
     * Table {@code ns.big} in {@code format}: one task writes {@code rows} rows (ids from 0) as one file
     * of small row groups (128 KiB) or stripes (64 KiB), then 100 more (group 'small') as a second
     * file; {@code maxPartitionBytes} is set to a fifth of the large file, and the large file must be
     * read by at least four tasks.
     */
    private Dataset<Row> splitOverTasks(String ns, String format, long rows) throws Exception {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS dc." + ns);
        spark.sql("CREATE TABLE dc." + ns + ".big (id BIGINT, grp STRING, v DOUBLE) USING " + format);
        String sizeOption = format.equals("orc") ? "format.stripe_size" : "format.row_group_size";
        String size = format.equals("orc") ? "65536" : "131072";
        spark.range(0, rows, 1, 1).selectExpr("id", "concat('g', CAST(id % 7 AS STRING)) AS grp", "id * 0.5 AS v")
                .writeTo("dc." + ns + ".big").option(sizeOption, size).append();
        spark.range(rows, rows + 100, 1, 1).selectExpr("id", "'small' AS grp", "0.0 AS v").writeTo("dc." + ns + ".big")
                .append();
        ReadPlan plan = client.catalog().plan(q -> q.namespace(ns).table("big"));
        assertThat(plan.files()).hasSize(2).allSatisfy(f -> assertThat(f.format()).isEqualTo(format));
        long big = plan.files().stream().mapToLong(DataFile::sizeBytes).max().getAsLong();
        spark.conf().set(MAX_BYTES, Long.toString(Math.max(1, big / 5)));

        Dataset<Row> table = spark.table("dc." + ns + ".big");
        assertThat(table.rdd().getNumPartitions()).as("the large file is cut into several splits")
                .isGreaterThanOrEqualTo(4);
        long readersOfBigFile = spark.sql("SELECT DISTINCT p FROM (SELECT spark_partition_id() AS p FROM dc." + ns
                + ".big WHERE grp <> 'small')").count();
        assertThat(readersOfBigFile).as("tasks that read rows of the large file").isGreaterThanOrEqualTo(4);
        return table;
    }

    @Test
    void aLargeFileIsSplitByRowGroupsAndEveryRowIsReadOnce() throws Exception {
        Dataset<Row> table = splitOverTasks("sp", "parquet", 300_000);

        Row agg = spark.sql("SELECT count(*), count(DISTINCT id), sum(id), sum(v) FROM dc.sp.big").first();
        assertThat(agg.getLong(0)).isEqualTo(300_100).isEqualTo(clientCount("sp", "big"));
        assertThat(agg.getLong(1)).isEqualTo(300_100);
        assertThat(agg.getLong(2)).isEqualTo(300_099L * 300_100 / 2);

        // the same rows as Spark's own Parquet source over the same files, both ways
        Dataset<Row> direct = spark.read().parquet(planned("sp", "big"));
        assertThat(table.exceptAll(direct).count()).isZero();
        assertThat(direct.exceptAll(table).count()).isZero();

        // a pushed filter (row groups skipped by statistics inside a split) and column pruning
        String where = "id BETWEEN 1000 AND 250000 AND grp = 'g3'";
        Dataset<Row> filtered = table.where(where).select("id");
        assertThat(filtered.queryExecution().executedPlan().toString()).contains("GreaterThanOrEqual(id,1000)");
        long expected = direct.where(where).count();
        assertThat(expected).isPositive();
        assertThat(filtered.count()).isEqualTo(expected);
        assertThat(table.where(where).selectExpr("sum(v)").first().getDouble(0))
                .isEqualTo(direct.where(where).selectExpr("sum(v)").first().getDouble(0));
        try (Table t = client.catalog().readAll(q -> q.namespace("sp").table("big").filter(
                io.deltacat.api.expr.Predicate.and(io.deltacat.api.expr.Predicate.ge("id", 1000L),
                        io.deltacat.api.expr.Predicate.le("id", 250_000L))))) {
            long clientRows = 0;
            for (org.apache.arrow.vector.table.Row r : t) {
                long id = r.getBigInt("id");
                if (id >= 1000 && id <= 250_000 && id % 7 == 3) {
                    clientRows++;
                }
            }
            assertThat(clientRows).isEqualTo(expected);
        }
        // a selective filter reads only the splits whose row groups can match
        assertThat(table.where("id = 299999").select("grp").collectAsList()).extracting(r -> r.getString(0))
                .containsExactly("g0");
        assertThat(spark.sql("SELECT id FROM dc.sp.big LIMIT 5").collectAsList()).hasSize(5);

        // with the default maxPartitionBytes the file is read whole again
        spark.conf().unset(MAX_BYTES);
        assertThat(spark.table("dc.sp.big").count()).isEqualTo(300_100);
    }

    @Test
    void aLargeOrcFileIsSplitByStripesAndEveryRowIsReadOnce() throws Exception {
        Dataset<Row> table = splitOverTasks("spo", "orc", 200_000);

        Row agg = spark.sql("SELECT count(*), count(DISTINCT id), sum(id), sum(v), min(id), max(id) FROM dc.spo.big")
                .first();
        assertThat(agg.getLong(0)).isEqualTo(200_100).isEqualTo(clientCount("spo", "big"));
        assertThat(agg.getLong(1)).isEqualTo(200_100);
        assertThat(agg.getLong(2)).isEqualTo(200_099L * 200_100 / 2);
        assertThat(agg.getDouble(3)).isEqualTo(199_999.0 * 200_000 / 4);
        assertThat(agg.getLong(4)).isZero();
        assertThat(agg.getLong(5)).isEqualTo(200_099);

        // the same rows as Spark's own ORC source over the same files, both ways, in the same JVM: our
        // ORC is relocated in its bundle and does not clash with Spark's
        Dataset<Row> direct = spark.read().orc(planned("spo", "big"));
        assertThat(table.exceptAll(direct).count()).isZero();
        assertThat(direct.exceptAll(table).count()).isZero();

        // column pruning and a pushed filter (stripes skipped by statistics inside a split)
        String where = "id BETWEEN 1000 AND 150000 AND grp = 'g3'";
        Dataset<Row> filtered = table.where(where).select("id");
        assertThat(filtered.queryExecution().executedPlan().toString()).contains("GreaterThanOrEqual(id,1000)");
        long expected = java.util.stream.LongStream.rangeClosed(1000, 150_000).filter(id -> id % 7 == 3).count();
        assertThat(filtered.count()).isEqualTo(expected);
        assertThat(table.where("id = 199999").select("grp").collectAsList()).extracting(r -> r.getString(0))
                .containsExactly("g2");

        // with the default maxPartitionBytes the file is read whole again
        spark.conf().unset(MAX_BYTES);
        assertThat(spark.table("dc.spo.big").count()).isEqualTo(200_100);
    }

    @Test
    void aMergeKeyedTableNeedingReconcilingKeepsItsSingleTask() throws Exception {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS dc.spm");
        spark.sql("CREATE TABLE dc.spm.users (id BIGINT NOT NULL, v BIGINT) USING parquet "
                + "TBLPROPERTIES ('merge_keys'='id')");
        spark.range(0, 50_000, 1, 1).selectExpr("id", "1L AS v").writeTo("dc.spm.users")
                .option("format.row_group_size", "65536").append();
        spark.range(25_000, 75_000, 1, 1).selectExpr("id", "2L AS v").writeTo("dc.spm.users")
                .option("mode", "merge").option("format.row_group_size", "65536").append();
        spark.conf().set(MAX_BYTES, "4096");
        Dataset<Row> users = spark.table("dc.spm.users");
        assertThat(users.rdd().getNumPartitions()).isEqualTo(1);
        Row r = users.selectExpr("count(*)", "count(DISTINCT id)", "sum(v)").first();
        assertThat(r.getLong(0)).isEqualTo(75_000).isEqualTo(clientCount("spm", "users"));
        assertThat(r.getLong(1)).isEqualTo(75_000);
        assertThat(r.getLong(2)).isEqualTo(25_000 + 50_000 * 2);
        List<Row> one = users.where("id = 30000").collectAsList();
        assertThat(one).hasSize(1);
        assertThat(one.get(0).getLong(1)).isEqualTo(2);
    }
}
