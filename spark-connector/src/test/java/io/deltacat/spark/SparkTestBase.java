package io.deltacat.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.model.DataFile;
import io.deltacat.server.DeltacatServer;
import java.nio.file.Path;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.table.Table;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real parts for a Spark suite: the embedded DeltaCAT server on loopback over a temporary root, a Java
 * client to cross-check with, and one local SparkSession ({@code local[2,2]}) with catalog {@code dc}.
 */
abstract class SparkTestBase {
    @TempDir
    static Path root;
    static DeltacatServer server;
    static DeltacatClient client;
    static RootAllocator allocator;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        server = DeltacatServer.builder().root(root).port(0).build().start();
        allocator = new RootAllocator();
        client = DeltacatClient.connect(ClientConfig.builder().uri(server.uri().toString()).allocator(allocator)
                .build());
        spark = SparkSession.builder().master("local[2,2]").appName("deltacat-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.catalog.dc", DeltacatCatalog.class.getName())
                .config("spark.sql.catalog.dc.uri", server.uri().toString())
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
            spark = null;
        }
        client.close();
        server.close();
        assertThat(allocator.getAllocatedMemory()).as("Arrow memory leaked by the test client").isZero();
        allocator.close();
    }

    static long clientCount(String ns, String table) {
        try (Table t = client.catalog().readAll(q -> q.namespace(ns).table(table))) {
            return t.getRowCount();
        }
    }

    /** The URIs of the files of the table's current plan. */
    static String[] planned(String ns, String table) {
        return client.catalog().plan(q -> q.namespace(ns).table(table)).files().stream().map(DataFile::uri)
                .toArray(String[]::new);
    }
}
