package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.model.WriteResult;
import io.deltacat.server.DeltacatServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers (replicas) on one PostgreSQL database and one data root serve one catalog: commit
 * times stay strictly increasing across both, every committed row is read back through either, and
 * an idempotency key resent to the other replica while the first request runs is answered once.
 */
class TwoReplicasPostgresTest {
    @TempDir
    Path dir;

    @Test
    void concurrentWritesThroughTwoReplicasGetDistinctIncreasingCommitTimes() throws Exception {
        String url = PgCluster.shared().newDatabase();
        try (RootAllocator allocator = new RootAllocator();
             DeltacatServer a = DeltacatServer.builder().root(dir).metadataUrl(url).build().start();
             DeltacatServer b = DeltacatServer.builder().root(dir).metadataUrl(url).build().start();
             DeltacatClient ca = DeltacatClient.connect(ClientConfig.builder().uri(a.uri().toString())
                     .allocator(allocator).build());
             DeltacatClient cb = DeltacatClient.connect(ClientConfig.builder().uri(b.uri().toString())
                     .allocator(allocator).build())) {
            try (VectorSchemaRoot first = Cats.generated(allocator, 0, 10)) {
                // the file count below is the layout of the writes: no background compaction
                ca.catalog().write(first, w -> w.table("shared").tableProperty("read_optimization_level", "none"));
            }
            int writers = 4;
            int each = 5;
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<List<Long>>> fs = new ArrayList<>();
            for (int t = 0; t < writers; t++) {
                DeltacatClient c = t % 2 == 0 ? ca : cb;
                long base = 1000L * (t + 1);
                fs.add(pool.submit(() -> {
                    List<Long> times = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        try (VectorSchemaRoot cats = Cats.generated(allocator, base + i * 10L, 10)) {
                            WriteResult r = c.catalog().write(cats, w -> w.table("shared"));
                            times.add(r.commitTime());
                        }
                    }
                    return times;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : fs) {
                List<Long> times = f.get(120, TimeUnit.SECONDS);
                assertThat(times).as("one writer's commits in order").isSorted();
                all.addAll(times);
            }
            pool.shutdownNow();
            assertThat(all).hasSize(writers * each).doesNotHaveDuplicates();
            int rows = 10 + writers * each * 10;
            assertThat(Rows.of(ca.catalog().readAll(q -> q.table("shared")))).hasSize(rows);
            assertThat(Rows.of(cb.catalog().readAll(q -> q.table("shared")))).hasSize(rows);
            assertThat(cb.catalog().getTable("default", "shared").fileCount()).isEqualTo(1 + writers * each);
            assertThat(allocator.getAllocatedMemory()).isZero();
        }
    }

    @Test
    void anIdempotencyKeySentToBothReplicasAtOnceRunsOnce() throws Exception {
        String url = PgCluster.shared().newDatabase();
        try (DeltacatServer a = DeltacatServer.builder().root(dir).metadataUrl(url).build().start();
             DeltacatServer b = DeltacatServer.builder().root(dir).metadataUrl(url).build().start()) {
            HttpClient http = HttpClient.newHttpClient();
            for (int round = 0; round < 10; round++) {
                String key = UUID.randomUUID().toString();
                String body = "{\"type\":\"custom\",\"context\":{\"round\":\"" + round + "\"}}";
                CompletableFuture<HttpResponse<String>> ra = http.sendAsync(post(a.uri(), key, body),
                        HttpResponse.BodyHandlers.ofString());
                CompletableFuture<HttpResponse<String>> rb = http.sendAsync(post(b.uri(), key, body),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> x = ra.get(60, TimeUnit.SECONDS);
                HttpResponse<String> y = rb.get(60, TimeUnit.SECONDS);
                assertThat(x.statusCode()).as(x.body()).isEqualTo(201);
                assertThat(y.statusCode()).as(y.body()).isEqualTo(201);
                assertThat(y.body()).as("the same answer, replayed").isEqualTo(x.body());
            }
            HttpResponse<String> list = http.send(HttpRequest.newBuilder(a.uri().resolve("/v1/jobs?pageSize=100"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(list.body().split("\"type\":\"custom\"", -1)).as("ten jobs, not twenty").hasSize(11);
        }
    }

    private static HttpRequest post(URI base, String key, String body) {
        return HttpRequest.newBuilder(base.resolve("/v1/jobs")).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
