package io.deltacat.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.model.ReadPlan;
import io.deltacat.api.model.StorageCredential;
import io.deltacat.server.DeltacatServer;
import io.deltacat.server.StorageRoot;
import io.deltacat.storage.s3.testing.S3ProxyProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.table.Table;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables on an S3 root (s3proxy, a real S3 server with SigV4, as a separate process), read and written
 * by Spark with no storage keys in Spark's configuration: executors read with the access the server
 * vended with the plan (presigned URLs here, the root's default) and write with the access of the
 * staged write. Results are checked with the Java client; the executors' access renews itself when it
 * would lapse.
 */
class SparkOnS3Test {
    @TempDir
    static Path dir;
    static S3ProxyProcess s3;
    static DeltacatServer server;
    static DeltacatClient client;
    static SparkSession spark;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyProcess.start();
        String lake = "s3://" + s3.createBucket("spark-lake") + "/warehouse/";
        server = DeltacatServer.builder().root(dir.resolve("home")).port(0)
                .roots(List.of(StorageRoot.s3("lake", lake, s3.settings(Map.of()))))
                .credentialTtl(Duration.ofSeconds(3)).build().start();
        client = DeltacatClient.connect(ClientConfig.builder().uri(server.uri()).build());
        spark = SparkSession.builder().master("local[2]").appName("deltacat-spark-s3-test")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.catalog.s3dc", DeltacatCatalog.class.getName())
                .config("spark.sql.catalog.s3dc.uri", server.uri().toString()).getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        client.close();
        server.close();
        s3.close();
    }

    @Test
    void sparkReadsAndWritesATableOnS3WithTheAccessTheServerVends() throws Exception {
        spark.sql("CREATE NAMESPACE s3dc.lake_ns");
        spark.sql("CREATE TABLE s3dc.lake_ns.events (id BIGINT, name STRING, score DOUBLE) USING parquet");
        spark.range(0, 5000).selectExpr("id", "concat('e', cast(id AS STRING)) AS name", "id / 4.0 AS score")
                .repartition(3).writeTo("s3dc.lake_ns.events").append();
        ReadPlan plan = client.catalog().plan(q -> q.namespace("lake_ns").table("events"));
        assertThat(plan.files()).isNotEmpty().allSatisfy(f -> assertThat(f.uri()).startsWith("s3://spark-lake/"));
        assertThat(plan.credentials()).as("the root vends access, Spark has no keys").isNotEmpty();
        try (Table t = client.catalog().readAll(q -> q.namespace("lake_ns").table("events"))) {
            assertThat(t.getRowCount()).isEqualTo(5000);
        }

        List<Row> agg = spark.sql("SELECT count(*), sum(id), max(name) FROM s3dc.lake_ns.events WHERE id >= 1000")
                .collectAsList();
        assertThat(agg.get(0).getLong(0)).isEqualTo(4000);
        assertThat(agg.get(0).getLong(1)).isEqualTo((1000L + 4999L) * 4000 / 2);
        assertThat(agg.get(0).getString(2)).isEqualTo("e4999");
    }

    /** Footers of large files read on the driver, their row-group splits on executors, all with vended access. */
    @Test
    void largeFilesOnS3AreReadAsRowGroupSplits() throws Exception {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS s3dc.split_ns");
        spark.sql("CREATE TABLE s3dc.split_ns.big (id BIGINT, name STRING) USING parquet");
        spark.range(0, 100_000, 1, 1).selectExpr("id", "concat('n', cast(id AS STRING)) AS name")
                .writeTo("s3dc.split_ns.big").option("format.row_group_size", "65536").append();
        ReadPlan plan = client.catalog().plan(q -> q.namespace("split_ns").table("big"));
        assertThat(plan.files()).hasSize(1);
        spark.conf().set("spark.sql.files.maxPartitionBytes", Long.toString(plan.files().get(0).sizeBytes() / 4));
        try {
            assertThat(spark.table("s3dc.split_ns.big").rdd().getNumPartitions()).isGreaterThanOrEqualTo(3);
            Row r = spark.sql("SELECT count(*), count(DISTINCT id), sum(id) FROM s3dc.split_ns.big").first();
            assertThat(r.getLong(0)).isEqualTo(100_000);
            assertThat(r.getLong(1)).isEqualTo(100_000);
            assertThat(r.getLong(2)).isEqualTo(99_999L * 100_000 / 2);
        } finally {
            spark.conf().unset("spark.sql.files.maxPartitionBytes");
        }
    }

    /** The kept partition's rows are read and rewritten on the driver with the access the server vends. */
    @Test
    void aPartialOverwriteOnS3KeepsTheOtherPartitions() throws Exception {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS s3dc.ow_ns");
        spark.sql("CREATE TABLE s3dc.ow_ns.t (id BIGINT, task STRING) USING parquet PARTITIONED BY (task)");
        spark.sql("INSERT INTO s3dc.ow_ns.t SELECT id, IF(id % 2 = 0, 'a', 'b') FROM range(0, 1000)");
        spark.range(5000, 5010).selectExpr("id", "'a' AS task").writeTo("s3dc.ow_ns.t")
                .overwrite(org.apache.spark.sql.functions.col("task").equalTo("a"));
        List<Row> rows = spark.sql("SELECT task, count(*), sum(id) FROM s3dc.ow_ns.t GROUP BY task ORDER BY task")
                .collectAsList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getLong(1)).isEqualTo(10);
        assertThat(rows.get(0).getLong(2)).isEqualTo(50_045);
        assertThat(rows.get(1).getLong(1)).isEqualTo(500);
        assertThat(rows.get(1).getLong(2)).isEqualTo(250_000);
        try (Table t = client.catalog().readAll(q -> q.namespace("ow_ns").table("t"))) {
            assertThat(t.getRowCount()).isEqualTo(510);
        }
    }

    @Test
    void executorAccessRenewsBeforeItLapses() throws Exception {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS s3dc.renew_ns");
        spark.sql("CREATE TABLE s3dc.renew_ns.t (id BIGINT) USING parquet");
        spark.range(0, 10).writeTo("s3dc.renew_ns.t").append();
        ReadPlan plan = client.catalog().plan(q -> q.namespace("renew_ns").table("t"));
        String file = plan.files().get(0).uri();
        ExecutorAccess access = new ExecutorAccess(new Connection(server.uri().toString(), null), plan);
        StorageCredential first = access.credentialFor(file).orElseThrow();
        long expires = first.expiresAt().orElseThrow();
        // wait until the 3 s access is in its last third: the next lookup plans again for fresh access
        while (System.currentTimeMillis() * 1_000_000L < expires - 900_000_000L) {
            Thread.sleep(100);
        }
        StorageCredential renewed = access.credentialFor(file).orElseThrow();
        assertThat(renewed.expiresAt().orElseThrow()).isGreaterThan(expires);
        assertThat(renewed.properties()).isNotEqualTo(first.properties());
        // and what it vends reads the file: Spark over the same table after the first access lapsed
        assertThat(spark.sql("SELECT sum(id) FROM s3dc.renew_ns.t").collectAsList().get(0).getLong(0)).isEqualTo(45);
        assertThat(Optional.of(renewed.provider())).contains(first.provider());
    }
}
