package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.error.AlreadyExistsException;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.model.WriteMode;
import io.deltacat.api.model.WriteResult;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.Formats;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What happens when writers fail, race or die, and when the server restarts. */
class FaultsEndToEndTest {
    @TempDir
    Path dir;
    Fixture fx;
    CatalogClient catalog;

    @BeforeEach
    void start() {
        fx = new Fixture(dir);
        catalog = fx.client.catalog();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private WriteResult writeFirst(String table) {
        try (VectorSchemaRoot cats = Cats.first(fx.allocator)) {
            return catalog.write(cats, w -> w.table(table));
        }
    }

    private long dataFiles() throws IOException {
        return fx.dataFiles().stream().filter(u -> u.endsWith(".parquet")).count();
    }

    /** A source that yields one batch, then fails like a crashing upstream. */
    private static final class FailingReader extends ArrowReader {
        private final VectorSchemaRoot data;
        private int calls;

        FailingReader(BufferAllocator allocator, VectorSchemaRoot data) {
            super(allocator);
            this.data = data;
        }

        @Override
        public boolean loadNextBatch() throws IOException {
            if (calls++ == 0) {
                VectorSchemaRoot root = getVectorSchemaRoot();
                for (int i = 0; i < data.getFieldVectors().size(); i++) {
                    data.getVector(i).makeTransferPair(root.getVector(i)).splitAndTransfer(0, data.getRowCount());
                }
                root.setRowCount(data.getRowCount());
                return true;
            }
            throw new IOException("upstream died");
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        protected void closeReadSource() {
        }

        @Override
        protected Schema readSchema() {
            return data.getSchema();
        }
    }

    @Test
    void aWriteThatFailsMidwayLeavesNothingBehind() throws Exception {
        try (VectorSchemaRoot big = Cats.generated(fx.allocator, 0, 5000);
             FailingReader source = new FailingReader(fx.allocator, big)) {
            assertThatThrownBy(() -> catalog.write(source, w -> w.table("cats").targetFileSizeBytes(1)))
                    .isInstanceOf(DeltacatException.class).hasMessageContaining("upstream died");
        }
        assertThat(catalog.tableExists("default", "cats")).isFalse();
        assertThat(dataFiles()).isZero();
    }

    @Test
    void aWriterThatDiesBeforeCommitIsNeverVisibleAndItsFilesAreCollected() throws Exception {
        writeFirst("cats");
        // a "client" that opens a write, stages a file, then vanishes without commit or abort
        HttpClient http = HttpClient.newHttpClient();
        String schemaJson = Cats.SCHEMA.toJson();
        HttpResponse<String> begin = http.send(HttpRequest.newBuilder(
                        URI.create(fx.server.uri() + "/v1/namespaces/default/tables/cats/writes"))
                .header("Content-Type", "application/json").header("Idempotency-Key", "dying-writer")
                .POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"append\",\"schema\":" + schemaJson + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(begin.statusCode()).isEqualTo(201);
        Matcher m = Pattern.compile("\"stagingUri\"\\s*:\\s*\"([^\"]+)\"").matcher(begin.body());
        assertThat(m.find()).isTrue();
        String staging = m.group(1);
        try (VectorSchemaRoot more = Cats.generated(fx.allocator, 100, 10);
             FormatWriter writer = Formats.require("parquet").openWriter(
                     Fixture.storage(staging).outputFile(staging + "orphan.parquet"),
                     Cats.SCHEMA, Map.of(), fx.allocator)) {
            writer.write(more);
            writer.finish();
        }
        assertThat(dataFiles()).isEqualTo(2);
        assertThat(Rows.of(catalog.readAll(q -> q.table("cats")))).hasSize(3);
        assertThat(catalog.getTable("default", "cats").fileCount()).isEqualTo(1);

        fx.server.runMaintenance();
        assertThat(dataFiles()).as("not yet expired").isEqualTo(2);
        fx.clock.advance(Duration.ofMinutes(11));
        fx.server.runMaintenance();
        assertThat(dataFiles()).isEqualTo(1);
        assertThat(Rows.of(catalog.readAll(q -> q.table("cats")))).hasSize(3);
    }

    @Test
    void concurrentCreatesOfOneTableHaveExactlyOneWinner() throws Exception {
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < writers; i++) {
                long start = i * 1000L;
                var client = fx.connect();
                outcomes.add(pool.submit(() -> {
                    try (VectorSchemaRoot data = Cats.generated(fx.allocator, start, 50)) {
                        go.await();
                        return client.catalog().write(data, w -> w.table("race").mode(WriteMode.CREATE));
                    } catch (DeltacatException e) {
                        return e;
                    }
                }));
            }
            go.countDown();
            int wins = 0;
            int conflicts = 0;
            for (Future<Object> f : outcomes) {
                Object o = f.get();
                if (o instanceof WriteResult) {
                    wins++;
                } else {
                    assertThat(o).isInstanceOfAny(ConflictException.class, AlreadyExistsException.class);
                    conflicts++;
                }
            }
            assertThat(wins).isEqualTo(1);
            assertThat(conflicts).isEqualTo(writers - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(catalog.getTable("default", "race").rowCount()).isEqualTo(50);
        assertThat(Rows.of(catalog.readAll(q -> q.table("race")))).hasSize(50);
        assertThat(dataFiles()).as("losers' staged files are removed").isEqualTo(1);
    }

    @Test
    void restartKeepsEveryCommittedTableAndRow() {
        WriteResult first = writeFirst("cats");
        try (VectorSchemaRoot more = Cats.generated(fx.allocator, 10, 20)) {
            catalog.write(more, w -> w.namespace("zoo").table("more"));
        }
        fx.restart();
        catalog = fx.client.catalog();
        assertThat(Rows.of(catalog.readAll(q -> q.table("cats")))).hasSize(3);
        assertThat(Rows.of(catalog.readAll(q -> q.namespace("zoo").table("more")))).hasSize(20);
        assertThat(Rows.of(catalog.readAll(q -> q.table("cats").asOf(first.commitTime())))).hasSize(3);
        WriteResult after = writeFirst("cats");
        assertThat(after.commitTime()).isGreaterThan(first.commitTime());
    }
}
