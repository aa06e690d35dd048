package io.deltacat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MaintenanceTest extends ServerTestSupport {

    @Test
    void abandonedWritesExpireAndAreNeverVisible() throws Exception {
        start(b -> b.stagingTtl(Duration.ofMinutes(10)));
        writeFiles("kept", new long[] {1, 5});
        Resp abandoned = post("/v1/namespaces/default/tables/kept/writes", beginBody("append", SCHEMA));
        Path staged = stage(abandoned, "lost.parquet", 64);
        Resp fresh = post("/v1/namespaces/default/tables/other/writes", beginBody("auto", SCHEMA));

        assertThat(server.runMaintenance()).as("nothing is due yet").isZero();
        assertThat(staged).exists();

        clock.advance(Duration.ofMinutes(11));
        assertThat(server.runMaintenance()).isEqualTo(2);
        assertThat(staged).doesNotExist();
        assertThat(staged.getParent()).doesNotExist();
        assertThat(get("/v1/writes/" + abandoned.text("writeId")).text("state")).isEqualTo("expired");
        assertProblem(post("/v1/writes/" + abandoned.text("writeId") + "/commit",
                commitBody(file("lost.parquet", 64, 1, 1, 1))), 409, "conflict", "expired");
        assertProblem(post("/v1/writes/" + fresh.text("writeId") + "/commit", commitBody()), 409, "conflict");
        assertProblem(get("/v1/namespaces/default/tables/other"), 404, "not-found");

        Resp plan = post("/v1/namespaces/default/tables/kept/plan", obj());
        assertThat(plan.body().get("totalFiles").asLong()).isEqualTo(1);
        assertThat(plan.raw()).doesNotContain("lost.parquet");
        assertThat(server.runMaintenance()).isZero();
    }

    @Test
    void aCommitAfterTheDeadlineIsRefusedEvenBeforeMaintenance() throws Exception {
        start(b -> b.stagingTtl(Duration.ofMinutes(1)));
        Resp s = post("/v1/namespaces/default/tables/late/writes", beginBody("auto", SCHEMA));
        Path staged = stage(s, "f.parquet", 3);
        clock.advance(Duration.ofMinutes(2));
        assertProblem(post("/v1/writes/" + s.text("writeId") + "/commit", commitBody(file("f.parquet", 3, 1, 1, 1))),
                409, "conflict", "expired");
        assertThat(staged).doesNotExist();
        assertThat(get("/v1/writes/" + s.text("writeId")).text("state")).isEqualTo("expired");
    }
}
