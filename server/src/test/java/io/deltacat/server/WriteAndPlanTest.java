package io.deltacat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WriteAndPlanTest extends ServerTestSupport {

    @BeforeEach
    void startServer() {
        start();
    }

    private static ObjectNode planBody() {
        return obj();
    }

    private Resp plan(String table, JsonNode body) {
        return post("/v1/namespaces/default/tables/" + table + "/plan", body);
    }

    private static List<Long> positions(Resp plan) {
        List<Long> out = new ArrayList<>();
        plan.body().get("files").forEach(f -> out.add(f.get("streamPosition").asLong()));
        return out;
    }

    @Test
    void beginCommitAndPlan() throws Exception {
        Resp session = post("/v1/namespaces/default/tables/cats/writes", beginBody("auto", SCHEMA));
        assertThat(session.status()).as(session.raw()).isEqualTo(201);
        assertThat(session.body().get("tableExists").asBoolean()).isFalse();
        assertThat(session.text("format")).isEqualTo("parquet");
        assertThat(session.body().get("credentials")).isEmpty();
        String stagingUri = session.text("stagingUri");
        String writeId = session.text("writeId");
        assertThat(stagingUri).startsWith(root.toUri().toString()).endsWith("/default/cats/data/" + writeId + "/");
        // nothing is created in the catalog at begin
        assertProblem(get("/v1/namespaces/default/tables/cats"), 404, "not-found");
        assertThat(get("/v1/writes/" + writeId).text("state")).isEqualTo("open");

        long a = stage(session, "a.parquet", 1, 5);
        long b = stage(session, "b.parquet", 6, 12);
        ObjectNode commit = commitBody(file("a.parquet", a, 5, 1, 5), file("b.parquet", b, 7, 6, 12));
        Resp result = post("/v1/writes/" + writeId + "/commit", commit);
        assertThat(result.status()).as(result.raw()).isEqualTo(200);
        assertThat(result.body().get("tableCreated").asBoolean()).isTrue();
        assertThat(result.body().get("fileCount").asLong()).isEqualTo(2);
        assertThat(result.body().get("rowCount").asLong()).isEqualTo(12);
        assertThat(result.text("deltaType")).isEqualTo("append");
        long commitTime = result.body().get("commitTime").asLong();

        // resending the same commit answers the same result; another commitId conflicts
        Resp again = post("/v1/writes/" + writeId + "/commit", commit);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(result.body());
        assertProblem(post("/v1/writes/" + writeId + "/commit", commitBody()), 409, "conflict");
        assertProblem(delete("/v1/writes/" + writeId), 409, "conflict", "committed");

        JsonNode status = get("/v1/writes/" + writeId).body();
        assertThat(status.get("state").asText()).isEqualTo("committed");
        assertThat(status.get("commitTime").asLong()).isEqualTo(commitTime);
        assertThat(status.get("commitId").asText()).isEqualTo(commit.get("commitId").asText());

        Resp table = get("/v1/namespaces/default/tables/cats");
        assertThat(table.body().get("rowCount").asLong()).isEqualTo(12);
        assertThat(table.body().get("fileCount").asLong()).isEqualTo(2);
        assertThat(table.body().get("latestCommitTime").asLong()).isEqualTo(commitTime);

        Resp plan = plan("cats", planBody());
        assertThat(plan.status()).as(plan.raw()).isEqualTo(200);
        assertThat(plan.body().get("snapshotTime").asLong()).isEqualTo(commitTime);
        assertThat(plan.body().get("totalFiles").asLong()).isEqualTo(2);
        JsonNode first = plan.body().get("files").get(0);
        assertThat(first.get("uri").asText()).isEqualTo(stagingUri + "a.parquet");
        assertThat(Files.size(Path.of(URI.create(first.get("uri").asText())))).isEqualTo(a);
        assertThat(first.get("rowCount").asLong()).isEqualTo(5);
        assertThat(first.get("deltaType").asText()).isEqualTo("append");
        assertThat(first.get("columns").get("id").get("max").asLong()).isEqualTo(5);
        assertThat(positions(plan)).isSorted().doesNotHaveDuplicates();
        // the stored schema is the written one with server-assigned field ids 1..n
        List<Field> withIds = new java.util.ArrayList<>();
        for (Field f : SCHEMA.getFields()) {
            withIds.add(new Field(f.getName(), new org.apache.arrow.vector.types.pojo.FieldType(f.isNullable(),
                    f.getType(), null, java.util.Map.of("deltacat.field_id", Integer.toString(withIds.size() + 1))),
                    f.getChildren()));
        }
        assertThat(plan.body().get("schema")).isEqualTo(schemaJson(new Schema(withIds)));
    }

    @Test
    void commitChecksTheStagedFiles() throws Exception {
        Resp session = post("/v1/namespaces/default/tables/t/writes", beginBody("create", SCHEMA));
        String commitPath = "/v1/writes/" + session.text("writeId") + "/commit";
        long ok = stage(session, "ok.parquet", 1, 1);
        assertProblem(post(commitPath, commitBody(file("missing.parquet", ok, 1, 1, 1))), 400, "invalid-request",
                "missing.parquet");
        assertProblem(post(commitPath, commitBody(file("ok.parquet", ok + 1, 1, 1, 1))), 400, "invalid-request",
                "ok.parquet", Long.toString(ok + 1));
        assertProblem(post(commitPath, commitBody(file("../ok.parquet", ok, 1, 1, 1))), 400, "invalid-request",
                "../ok.parquet");
        assertProblem(post(commitPath, commitBody(file("ok.parquet", ok, 1, 1, 1), file("ok.parquet", ok, 1, 1, 1))),
                400, "invalid-request", "more than once");
        ObjectNode badStats = file("ok.parquet", ok, 1, 1, 1);
        ((ObjectNode) badStats.get("columns")).putObject("ghost").put("nullCount", 0);
        assertProblem(post(commitPath, commitBody(badStats)), 400, "invalid-request", "ghost");
        ObjectNode noNullCount = file("ok.parquet", ok, 1, 1, 1);
        ((ObjectNode) noNullCount.get("columns").get("id")).remove("nullCount");
        assertProblem(post(commitPath, commitBody(noNullCount)), 400, "invalid-request", "nullCount");
        assertProblem(post(commitPath, obj().put("commitId", "c")), 400, "invalid-request", "files");
        assertProblem(post("/v1/writes/nope/commit", commitBody()), 404, "not-found", "nope");
        // still open and committable after the refusals
        assertThat(post(commitPath, commitBody(file("ok.parquet", ok, 1, 1, 1))).status()).isEqualTo(200);
    }

    @Test
    void modesAndSchemasAreChecked() throws Exception {
        assertProblem(post("/v1/namespaces/default/tables/t/writes", beginBody("append", SCHEMA)), 404, "not-found");
        assertProblem(post("/v1/namespaces/default/tables/t/writes", beginBody("add", SCHEMA)), 404, "not-found");
        assertProblem(post("/v1/namespaces/default/tables/t/writes", beginBody("upsert", SCHEMA)), 400,
                "invalid-request", "upsert");
        ObjectNode noAuto = beginBody("auto", SCHEMA);
        noAuto.put("autoCreateNamespace", false);
        assertProblem(post("/v1/namespaces/elsewhere/tables/t/writes", noAuto), 404, "not-found", "elsewhere");

        writeFiles("t", new long[] {1, 10});
        assertProblem(post("/v1/namespaces/default/tables/t/writes", beginBody("create", SCHEMA)), 409,
                "already-exists");
        Schema wrongType = new Schema(List.of(Field.nullable("id", new ArrowType.Int(32, true)),
                Field.nullable("name", ArrowType.Utf8.INSTANCE)));
        assertProblem(post("/v1/namespaces/default/tables/t/writes", beginBody("append", wrongType)), 400,
                "invalid-request", "'id'", "int32", "int64");
        Schema wrongName = new Schema(List.of(Field.nullable("id", new ArrowType.Int(64, true)),
                Field.nullable("title", ArrowType.Utf8.INSTANCE)));
        assertProblem(post("/v1/namespaces/default/tables/t/writes", beginBody("append", wrongName)), 400,
                "invalid-request", "title", "name");
        Schema notNull = new Schema(List.of(Field.notNullable("id", new ArrowType.Int(64, true)),
                Field.notNullable("name", ArrowType.Utf8.INSTANCE)));
        ObjectNode other = beginBody("append", notNull);
        other.put("format", "orc");
        Resp append = post("/v1/namespaces/default/tables/t/writes", other);
        assertThat(append.status()).as(append.raw()).isEqualTo(201);
        assertThat(append.text("format")).as("the table's format wins").isEqualTo("parquet");
        assertThat(append.body().get("tableExists").asBoolean()).isTrue();

        // auto-created namespace at commit
        Resp session = post("/v1/namespaces/fresh/tables/t/writes", beginBody("auto", SCHEMA));
        assertThat(session.status()).isEqualTo(201);
        assertProblem(get("/v1/namespaces/fresh"), 404, "not-found");
        assertThat(post("/v1/writes/" + session.text("writeId") + "/commit", commitBody()).status()).isEqualTo(200);
        assertThat(get("/v1/namespaces/fresh/tables/t").status()).isEqualTo(200);
    }

    @Test
    void timeTravelWithAsOf() throws Exception {
        long t1 = writeFiles("tt", new long[] {1, 10}).body().get("commitTime").asLong();
        long t2 = writeFiles("tt", new long[] {11, 20}, new long[] {21, 30}).body().get("commitTime").asLong();
        assertThat(t2).isGreaterThan(t1);

        Resp latest = plan("tt", planBody());
        assertThat(latest.body().get("files")).hasSize(3);
        assertThat(latest.body().get("snapshotTime").asLong()).isEqualTo(t2);
        assertThat(positions(latest)).isSorted();

        Resp atT1 = plan("tt", obj().put("asOf", t1));
        assertThat(atT1.body().get("files")).hasSize(1);
        assertThat(atT1.body().get("totalFiles").asLong()).isEqualTo(1);
        assertThat(atT1.body().get("snapshotTime").asLong()).isEqualTo(t1);

        Resp between = plan("tt", obj().put("asOf", t2 - 1));
        assertThat(between.body().get("files")).hasSize(1);

        assertProblem(plan("tt", obj().put("asOf", t1 - 1)), 404, "not-found");
        assertProblem(plan("tt", obj().put("asOf", -1)), 400, "invalid-request", "asOf");
        assertProblem(plan("nothing", planBody()), 404, "not-found");
    }

    @Test
    void statisticsPruneFiles() throws Exception {
        writeFiles("p", new long[] {1, 100}, new long[] {101, 200}, new long[] {201, 300});
        ObjectNode body = obj();
        body.set("filter", JSON.readTree("{\"and\": [{\"ge\": [\"id\", 150]}, {\"lt\": [\"id\", 180]}]}"));
        Resp pruned = plan("p", body);
        assertThat(pruned.status()).as(pruned.raw()).isEqualTo(200);
        assertThat(pruned.body().get("totalFiles").asLong()).isEqualTo(3);
        assertThat(pruned.body().get("files")).hasSize(1);
        assertThat(pruned.body().get("files").get(0).get("columns").get("id").get("min").asLong()).isEqualTo(101);

        body.set("filter", JSON.readTree("{\"eq\": [\"name\", \"zz\"]}"));
        assertThat(plan("p", body).body().get("files")).isEmpty();

        // no filter + limit: stop once the row counts cover the limit
        Resp limited = plan("p", obj().put("limit", 150));
        assertThat(limited.body().get("files")).hasSize(2);
        assertThat(limited.body().get("totalFiles").asLong()).isEqualTo(3);

        Resp projected = plan("p", obj().set("columns", JSON.readTree("[\"id\"]")));
        assertThat(projected.status()).isEqualTo(200);
    }

    @Test
    void badPlansAreInvalid() throws Exception {
        writeFiles("b", new long[] {1, 2});
        assertProblem(plan("b", obj().set("filter", JSON.readTree("{\"near\": [\"id\", 1]}"))), 400,
                "invalid-request", "near");
        assertProblem(plan("b", obj().set("filter", JSON.readTree("{\"eq\": [\"ghost\", 1]}"))), 400,
                "invalid-request", "ghost");
        assertProblem(plan("b", obj().set("filter", JSON.readTree("{\"eq\": [\"id\", \"one\"]}"))), 400,
                "invalid-request", "id");
        assertProblem(plan("b", obj().set("filter", JSON.readTree("\"id\""))), 400, "invalid-request", "filter");
        assertProblem(plan("b", obj().set("columns", JSON.readTree("[\"id\", \"ghost\"]"))), 400,
                "invalid-request", "ghost");
        assertProblem(plan("b", obj().put("limit", "ten")), 400, "invalid-request", "limit");
        assertProblem(plan("b", obj().put("other", 1)), 400, "invalid-request", "other");
    }

    @Test
    void abortDeletesTheStagedFiles() throws Exception {
        Resp session = post("/v1/namespaces/default/tables/ab/writes", beginBody("auto", SCHEMA));
        Path staged = stageJunk(session, "x.parquet", 42);
        String writePath = "/v1/writes/" + session.text("writeId");
        assertThat(delete(writePath).status()).isEqualTo(204);
        assertThat(staged).doesNotExist();
        assertThat(staged.getParent()).doesNotExist();
        assertThat(get(writePath).text("state")).isEqualTo("aborted");
        assertThat(delete(writePath).status()).isEqualTo(204);
        assertProblem(post(writePath + "/commit", commitBody()), 409, "conflict", "aborted");
        assertProblem(get("/v1/namespaces/default/tables/ab"), 404, "not-found");
        assertProblem(delete("/v1/writes/unknown"), 404, "not-found");
    }

    @Test
    void droppedTablesAreNotPlanned() throws Exception {
        writeFiles("gone", new long[] {1, 2});
        assertThat(delete("/v1/namespaces/default/tables/gone").status()).isEqualTo(204);
        assertProblem(plan("gone", planBody()), 404, "not-found");
        assertProblem(post("/v1/namespaces/default/tables/gone/writes", beginBody("append", SCHEMA)), 404, "not-found");
    }
}
