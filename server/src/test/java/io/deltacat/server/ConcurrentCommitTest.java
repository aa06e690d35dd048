package io.deltacat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConcurrentCommitTest extends ServerTestSupport {
    /** The size of the staged files (every one holds the same rows). */
    private volatile long size;

    @Test
    void exactlyOneOfTwoCreateWritesWins() throws Exception {
        start();
        for (int round = 0; round < 5; round++) {
            String table = "race" + round;
            List<Resp> sessions = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Resp s = post("/v1/namespaces/default/tables/" + table + "/writes", beginBody("create", SCHEMA));
                assertThat(s.status()).as(s.raw()).isEqualTo(201);
                size = stage(s, "f.parquet", 1, 2);
                sessions.add(s);
            }
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Resp>> results = new ArrayList<>();
                for (Resp s : sessions) {
                    results.add(pool.submit(() -> {
                        go.await();
                        return post("/v1/writes/" + s.text("writeId") + "/commit",
                                commitBody(file("f.parquet", size, 2, 1, 2)));
                    }));
                }
                go.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Resp> f : results) {
                    Resp r = f.get();
                    statuses.add(r.status());
                    if (r.status() == 409) {
                        assertThat(r.text("type")).isEqualTo("urn:deltacat:problem:conflict");
                    }
                }
                assertThat(statuses).containsExactlyInAnyOrder(200, 409);
            } finally {
                pool.shutdownNow();
            }
            Resp t = get("/v1/namespaces/default/tables/" + table);
            assertThat(t.body().get("fileCount").asLong()).as("only the winner's files").isEqualTo(1);
        }
    }

    @Test
    void concurrentAutoWritesBothLand() throws Exception {
        start();
        List<Resp> sessions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Resp s = post("/v1/namespaces/auto/tables/t/writes", beginBody("auto", SCHEMA));
            size = stage(s, "f.parquet", 1, 2);
            sessions.add(s);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Resp>> results = new ArrayList<>();
            for (Resp s : sessions) {
                results.add(pool.submit(() -> post("/v1/writes/" + s.text("writeId") + "/commit",
                        commitBody(file("f.parquet", size, 2, 1, 2)))));
            }
            int created = 0;
            List<Long> times = new ArrayList<>();
            for (Future<Resp> f : results) {
                Resp r = f.get();
                assertThat(r.status()).as(r.raw()).isEqualTo(200);
                created += r.body().get("tableCreated").asBoolean() ? 1 : 0;
                times.add(r.body().get("commitTime").asLong());
            }
            assertThat(created).isEqualTo(1);
            assertThat(times).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
        assertThat(get("/v1/namespaces/auto/tables/t").body().get("fileCount").asLong()).isEqualTo(4);
    }
}
