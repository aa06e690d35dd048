package io.deltacat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.ConflictException;
import io.deltacat.server.internal.catalog.Catalog;
import io.deltacat.server.internal.catalog.Compactions;
import io.deltacat.server.internal.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Job routes at the HTTP level (problem types, idempotent completion) and compaction commits. */
class JobsAndCompactionTest extends ServerTestSupport {

    private Resp submit() {
        ObjectNode body = obj().put("type", "custom").put("leaseMillis", 10_000);
        Resp r = post("/v1/jobs", body);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r;
    }

    @Test
    void errorsAreProblemsAndCompletionIsIdempotent() {
        start();
        assertProblem(get("/v1/jobs/nope"), 404, "not-found", "nope");
        assertProblem(get("/v1/jobs?pageSize=0"), 400, "invalid-request", "pageSize");
        assertProblem(get("/v1/jobs?state=sleeping"), 400, "invalid-request", "sleeping");
        assertProblem(post("/v1/jobs", obj().put("type", "custom").put("maxAttempts", 0)), 400, "invalid-request");
        assertProblem(post("/v1/jobs", obj().put("type", "custom").put("extra", 1)), 400, "invalid-request", "extra");
        String id = submit().text("id");
        ObjectNode claim = obj();
        claim.putArray("workerTags").add("x");
        assertThat(post("/v1/jobs/claim", claim).status()).isEqualTo(200);
        assertThat(post("/v1/jobs/claim", obj()).status()).isEqualTo(204);
        JsonNode job = get("/v1/jobs/" + id).body();
        assertThat(job.get("state").asText()).isEqualTo("claimed");
        long token = job.get("fencingToken").asLong();
        assertProblem(post("/v1/jobs/" + id + "/complete", obj().put("fencingToken", token + 1)), 409, "conflict", "stale");
        assertProblem(post("/v1/jobs/" + id + "/complete", obj().put("fencingToken", token).put("recordsProcessed", -1)),
                400, "invalid-request");
        ObjectNode big = obj().put("fencingToken", token).put("name", "x");
        big.putObject("metadata").put("m", "y".repeat(17_000));
        assertProblem(post("/v1/jobs/" + id + "/events", big), 413, "payload-too-large", "metadata");
        assertThat(get("/v1/jobs/" + id).body()).isEqualTo(job);

        String key = UUID.randomUUID().toString();
        ObjectNode complete = obj().put("fencingToken", token).put("recordsProcessed", 3).put("watermark", "w");
        Resp first = send("POST", "/v1/jobs/" + id + "/complete", complete, key);
        Resp resent = send("POST", "/v1/jobs/" + id + "/complete", complete, key);
        assertThat(first.status()).isEqualTo(200);
        assertThat(resent.raw()).isEqualTo(first.raw());
        assertProblem(post("/v1/jobs/" + id + "/complete", complete), 409, "conflict", "succeeded");
    }

    @Test
    void leaseDeadlinesFollowTheInjectedClock() {
        start();
        String id = submit().text("id");
        long token = post("/v1/jobs/claim", obj()).body().path("lease").path("fencingToken").asLong();
        clock.advance(Duration.ofSeconds(9));
        assertThat(post("/v1/jobs/" + id + "/heartbeat", obj().put("fencingToken", token)).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(9));
        assertThat(server.runMaintenance()).as("the heartbeat pushed the deadline").isZero();
        clock.advance(Duration.ofSeconds(2));
        assertThat(server.runMaintenance()).isEqualTo(1);
        assertThat(get("/v1/jobs/" + id).text("state")).isEqualTo("pending");
        assertProblem(post("/v1/jobs/" + id + "/heartbeat", obj().put("fencingToken", token)), 409, "conflict");
    }

    @Test
    void appendsCommittedWhileACompactionRunsStayVisible() throws Exception {
        start(b -> b.localJobs(false));
        writeFiles("t", new long[] {1, 5});
        writeFiles("t", new long[] {6, 10});
        Path metadata = root.resolve(".deltacat").resolve("metadata.db");
        try (Database db = Database.openSqlite(metadata)) {
            Catalog catalog = new Catalog(db, root, clock, Duration.ofHours(1), new ObjectMapper());
            Compactions.CompactionInput in = catalog.compactions().compactionInput("default", "t");
            assertThat(in.files()).hasSize(2);
            long beforeCompaction = get("/v1/namespaces/default/tables/t").body().get("latestCommitTime").asLong();
            writeFiles("t", new long[] {11, 15}); // committed after the compaction read its input
            List<Compactions.CompactedFile> out = List.of(new Compactions.CompactedFile(
                    in.dataPrefix() + "compacted-x/part-00000.parquet", 10, 500, null));
            db.tx(c -> catalog.compactions().commitCompaction(c, in, out));
            assertThatThrownBy(() -> db.tx(c -> catalog.compactions().commitCompaction(c, in, out)))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("compacted by another job");

            JsonNode plan = post("/v1/namespaces/default/tables/t/plan", obj()).body();
            List<String> types = new ArrayList<>();
            plan.get("files").forEach(f -> types.add(f.get("deltaType").asText()));
            assertThat(types).containsExactly("compacted", "append");
            assertThat(plan.get("files").get(1).get("rowCount").asLong()).isEqualTo(5);
            JsonNode table = get("/v1/namespaces/default/tables/t").body();
            assertThat(table.get("rowCount").asLong()).isEqualTo(15);
            assertThat(table.get("fileCount").asLong()).isEqualTo(2);
            JsonNode old = post("/v1/namespaces/default/tables/t/plan", obj().put("asOf", beforeCompaction)).body();
            assertThat(old.get("files")).hasSize(2);
        }
    }

    @Test
    void aCompactionCoveredByAReplaceCommittedMeanwhileIsRefused() throws Exception {
        start(b -> b.localJobs(false));
        writeFiles("t", new long[] {1, 5});
        writeFiles("t", new long[] {6, 10});
        Path metadata = root.resolve(".deltacat").resolve("metadata.db");
        try (Database db = Database.openSqlite(metadata)) {
            Catalog catalog = new Catalog(db, root, clock, Duration.ofHours(1), new ObjectMapper());
            Compactions.CompactionInput in = catalog.compactions().compactionInput("default", "t");
            // a replace with no rows, committed after the compaction read its input
            Resp session = post("/v1/namespaces/default/tables/t/writes", beginBody("replace", SCHEMA));
            assertThat(session.status()).as(session.raw()).isEqualTo(201);
            Resp replaced = post("/v1/writes/" + session.text("writeId") + "/commit", commitBody());
            assertThat(replaced.status()).as(replaced.raw()).isEqualTo(200);
            assertThat(replaced.text("deltaType")).isEqualTo("replace");
            List<Compactions.CompactedFile> out = List.of(new Compactions.CompactedFile(
                    in.dataPrefix() + "compacted-x/part-00000.parquet", 10, 500, null));
            // committing it would bring the replaced rows back
            assertThatThrownBy(() -> db.tx(c -> catalog.compactions().commitCompaction(c, in, out)))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("replaced");
            JsonNode plan = post("/v1/namespaces/default/tables/t/plan", obj()).body();
            assertThat(plan.get("files")).isEmpty();
            assertThat(get("/v1/namespaces/default/tables/t").body().get("rowCount").asLong()).isZero();
        }
    }
}
