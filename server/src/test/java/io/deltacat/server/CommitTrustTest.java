package io.deltacat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server takes nothing a commit claims on trust: what it records about a file comes from the
 * file, and only a real data file of the table's format and schema, placed inside the write's
 * staging prefix, is committed. Nothing is recorded when a check fails, and no refusal quotes what
 * the file holds.
 */
class CommitTrustTest extends ServerTestSupport {
    /** Content that must never appear in an answer. */
    private static final String SECRET = "root:x:0:0:secret-content\n";

    private Path outside;

    @BeforeEach
    void startServer() throws Exception {
        start();
        outside = Files.writeString(root.getParent().resolve("outside-" + root.getFileName() + ".txt"), SECRET);
    }

    private Resp begin(String table) {
        Resp session = post("/v1/namespaces/default/tables/" + table + "/writes", beginBody("auto", SCHEMA));
        assertThat(session.status()).as(session.raw()).isEqualTo(201);
        return session;
    }

    private static Path staging(Resp session) {
        return Path.of(URI.create(session.text("stagingUri")));
    }

    private Resp commit(Resp session, ObjectNode... files) {
        return post("/v1/writes/" + session.text("writeId") + "/commit", commitBody(files));
    }

    private void assertNothingCommitted(Resp session, String table) {
        assertThat(get("/v1/writes/" + session.text("writeId")).text("state")).isEqualTo("open");
        assertProblem(get("/v1/namespaces/default/tables/" + table), 404, "not-found");
    }

    private static void assertNoContent(Resp r) {
        assertThat(r.raw()).doesNotContain("secret").doesNotContain("root:x").doesNotContain("[114, 111");
    }

    @Test
    void aSymbolicLinkToAFileOutsideIsRefused() throws Exception {
        Resp session = begin("links");
        Files.createDirectories(staging(session));
        Files.createSymbolicLink(staging(session).resolve("f.parquet"), outside);
        Resp r = commit(session, file("f.parquet", SECRET.length(), 1, 1, 1));
        assertProblem(r, 400, "invalid-request", "f.parquet", "symbolic link");
        assertNoContent(r);
        assertNothingCommitted(session, "links");
    }

    /** A real Parquet file of ids 1 and 2, staged by another write. */
    private Path realFileElsewhere() throws Exception {
        Resp other = begin("elsewhere");
        stage(other, "real.parquet", 1, 2);
        return staging(other).resolve("real.parquet");
    }

    @Test
    void aSymbolicLinkToARealDataFileIsRefusedToo() throws Exception {
        Path real = realFileElsewhere();
        Resp session = begin("linked");
        Files.createDirectories(staging(session));
        Files.createSymbolicLink(staging(session).resolve("f.parquet"), real);
        assertProblem(commit(session, file("f.parquet", Files.size(real), 2, 1, 2)), 400, "invalid-request",
                "symbolic link");
        assertNothingCommitted(session, "linked");
    }

    @Test
    void aFileUnderALinkedDirectoryIsRefused() throws Exception {
        Path real = realFileElsewhere();
        Resp session = begin("dirlink");
        // names with a slash are refused by the file-name rules; the prefix itself may still be a link
        Files.deleteIfExists(staging(session));
        Files.createSymbolicLink(staging(session), real.getParent());
        Files.move(real, real.resolveSibling("f.parquet"));
        assertProblem(commit(session, file("f.parquet", Files.size(real.resolveSibling("f.parquet")), 2, 1, 2)), 400,
                "invalid-request", "symbolic link");
        assertNothingCommitted(session, "dirlink");
    }

    @Test
    void aHardLinkIsRefused() throws Exception {
        Path real = realFileElsewhere();
        Resp session = begin("hard");
        Files.createDirectories(staging(session));
        Files.createLink(staging(session).resolve("f.parquet"), real);
        assertProblem(commit(session, file("f.parquet", Files.size(real), 2, 1, 2)), 400, "invalid-request",
                "hard links");
        assertNothingCommitted(session, "hard");
    }

    @Test
    void aFileOfTheRightSizeThatIsNotParquetIsRefusedWithoutEchoingIt() throws Exception {
        Resp session = begin("junk");
        Files.createDirectories(staging(session));
        Files.writeString(staging(session).resolve("f.parquet"), SECRET, StandardCharsets.UTF_8);
        Resp r = commit(session, file("f.parquet", SECRET.length(), 1, 1, 1));
        assertProblem(r, 400, "invalid-request", "f.parquet", "not a readable parquet file");
        assertNoContent(r);
        assertNothingCommitted(session, "junk");
    }

    @Test
    void aFileOfAnotherSchemaOrFormatIsRefused() throws Exception {
        Schema wide = new Schema(List.of(Field.nullable("id", new ArrowType.Int(64, true)),
                Field.nullable("name", ArrowType.Utf8.INSTANCE), Field.nullable("extra", ArrowType.Utf8.INSTANCE)));
        Resp session = post("/v1/namespaces/default/tables/schemas/writes", beginBody("auto", wide));
        long size = stage(session, "f.parquet", 1, 2); // id and name only
        assertProblem(commit(session, file("f.parquet", size, 2, 1, 2)), 400, "invalid-request", "f.parquet",
                "extra");
        ObjectNode orc = file("f.parquet", size, 2, 1, 2).put("format", "orc");
        assertProblem(commit(session, orc), 400, "invalid-request", "orc", "parquet");
        assertNothingCommitted(session, "schemas");
    }

    @Test
    void rowCountsAreTheFilesOwn() throws Exception {
        Resp session = begin("counts");
        long size = stage(session, "f.parquet", 1, 2);
        assertProblem(commit(session, file("f.parquet", size, 1_000_000, 1, 2)), 400, "invalid-request",
                "f.parquet", "2 rows", "1000000");
        assertNothingCommitted(session, "counts");
        assertThat(commit(session, file("f.parquet", size, 2, 1, 2)).status()).isEqualTo(200);
        assertThat(get("/v1/namespaces/default/tables/counts").body().get("rowCount").asLong()).isEqualTo(2);
    }

    @Test
    void statisticsAreTheFilesOwnSoAFilterNeverPrunesMatchingRows() throws Exception {
        Resp session = begin("stats");
        long size = stage(session, "f.parquet", 1, 2);
        // the client claims ids 5000..6000 for a file holding ids 1 and 2
        Resp committed = commit(session, file("f.parquet", size, 2, 5000, 6000));
        assertThat(committed.status()).as(committed.raw()).isEqualTo(200);
        ObjectNode body = obj();
        body.set("filter", JSON.readTree("{\"eq\": [\"id\", 1]}"));
        Resp plan = post("/v1/namespaces/default/tables/stats/plan", body);
        assertThat(plan.body().get("files")).hasSize(1);
        assertThat(plan.body().get("files").get(0).get("columns").get("id").get("min").asLong()).isEqualTo(1);
        assertThat(plan.body().get("files").get(0).get("columns").get("id").get("max").asLong()).isEqualTo(2);
        body.set("filter", JSON.readTree("{\"eq\": [\"id\", 5500]}"));
        assertThat(post("/v1/namespaces/default/tables/stats/plan", body).body().get("files")).isEmpty();
    }

    @Test
    void aCommitWithoutFilesIsRefusedUnlessItCreatesOrEmptiesTheTable() throws Exception {
        writeFiles("full", new long[] {1, 3});
        Resp append = post("/v1/namespaces/default/tables/full/writes", beginBody("append", SCHEMA));
        assertProblem(commit(append), 400, "invalid-request", "names no file");
        assertThat(get("/v1/namespaces/default/tables/full").body().get("rowCount").asLong()).isEqualTo(3);

        Resp replace = post("/v1/namespaces/default/tables/full/writes", beginBody("replace", SCHEMA));
        assertThat(commit(replace).status()).isEqualTo(200);
        assertThat(get("/v1/namespaces/default/tables/full").body().get("rowCount").asLong()).isZero();

        Resp create = post("/v1/namespaces/default/tables/empty/writes", beginBody("create", SCHEMA));
        assertThat(commit(create).status()).isEqualTo(200);
        assertThat(get("/v1/namespaces/default/tables/empty").status()).isEqualTo(200);
    }

    @Test
    void theServersOwnNamesAreReserved() {
        assertProblem(post("/v1/namespaces", obj().put("name", ".deltacat")), 400, "invalid-request", "reserved");
        assertProblem(post("/v1/namespaces/.deltacat/tables/t/writes", beginBody("auto", SCHEMA)
                .put("autoCreateNamespace", true)), 400, "invalid-request", "reserved");
        assertProblem(post("/v1/namespaces/default/tables/.hidden/writes", beginBody("auto", SCHEMA)), 400,
                "invalid-request", "reserved");
        assertThat(root.resolve(".deltacat").resolve("t")).doesNotExist();
    }

    @Test
    void aWriteIsNotOpenedWhenItsStagingFolderCannotBeMade() throws Exception {
        // a file where the table's folder would be: nothing can be staged under it
        Files.createDirectories(root.resolve("default"));
        Files.writeString(root.resolve("default").resolve("blocked"), "in the way");
        Resp r = post("/v1/namespaces/default/tables/blocked/writes", beginBody("auto", SCHEMA));
        assertProblem(r, 500, "server-error", "staging folder");
        assertProblem(get("/v1/namespaces/default/tables/blocked"), 404, "not-found");
    }
}
