package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.Transaction;
import io.deltacat.api.error.AlreadyExistsException;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.model.DataFile;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobState;
import io.deltacat.api.model.StagedFile;
import io.deltacat.api.model.StagedWriteTarget;
import io.deltacat.api.model.TableInfo;
import io.deltacat.api.model.TableRef;
import io.deltacat.api.model.WriteResult;
import io.deltacat.api.StagedFilesWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table rename within a namespace over real HTTP, a real metadata database (SQLite or PostgreSQL,
 * see {@link Fixture}) and real files: the renamed table reads the same rows from the files where they
 * were written, keeps its history and time travel, takes writes and compactions, and every refusal
 * leaves both names as they were.
 */
class RenameTableEndToEndTest {
    @TempDir
    Path dir;
    Fixture fx;
    CatalogClient catalog;

    @BeforeEach
    void start() {
        fx = new Fixture(dir);
        catalog = fx.client.catalog();
        catalog.createNamespace("rn");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private WriteResult write(String table, long... ids) {
        List<Users.User> users = java.util.Arrays.stream(ids).mapToObj(i -> Users.u(i, "u" + i, i)).toList();
        try (VectorSchemaRoot rows = Users.of(fx.allocator, users)) {
            return catalog.write(rows, w -> w.namespace("rn").table(table));
        }
    }

    private List<List<Object>> rows(String table) {
        return sorted(Rows.of(catalog.readAll(q -> q.namespace("rn").table(table))));
    }

    private static List<List<Object>> sorted(List<List<Object>> rows) {
        rows.sort(Comparator.comparing(r -> (Long) r.get(0)));
        return rows;
    }

    @Test
    void theRenamedTableKeepsItsRowsFilesAndHistoryAndTakesWritesAndCompaction() {
        WriteResult first = write("src", 1, 2);
        write("src", 3);
        List<List<Object>> before = rows("src");
        List<String> filesBefore = catalog.plan(q -> q.namespace("rn").table("src")).files().stream()
                .map(DataFile::uri).sorted().toList();

        TableInfo renamed = catalog.renameTable("rn", "src", "dst");
        assertThat(renamed.namespace()).isEqualTo("rn");
        assertThat(renamed.name()).isEqualTo("dst");
        assertThat(renamed.rowCount()).isEqualTo(3);
        assertThat(renamed.fileCount()).isEqualTo(2);

        // the same rows, read from the same files where they were written (paths are not renamed)
        assertThat(rows("dst")).isEqualTo(before);
        assertThat(catalog.plan(q -> q.namespace("rn").table("dst")).files().stream().map(DataFile::uri).sorted()
                .toList()).isEqualTo(filesBefore).allSatisfy(u -> assertThat(u).contains("/rn/src/"));
        // history before the rename reads under the new name
        assertThat(sorted(Rows.of(catalog.readAll(q -> q.namespace("rn").table("dst").asOf(first.commitTime())))))
                .isEqualTo(before.subList(0, 2));
        // the old name is gone
        assertThatThrownBy(() -> catalog.getTable("rn", "src")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> catalog.readAll(q -> q.namespace("rn").table("src")))
                .isInstanceOf(NotFoundException.class);
        assertThat(catalog.listTables("rn")).extracting(TableInfo::name).containsExactly("dst");

        // writes after the rename land under the new name's folder, beside the older files
        write("dst", 4);
        assertThat(rows("dst")).extracting(r -> r.get(0)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(catalog.plan(q -> q.namespace("rn").table("dst")).files()).extracting(DataFile::uri)
                .anySatisfy(u -> assertThat(u).contains("/rn/dst/"));

        // a compaction of the renamed table reads its old and new files and keeps every row
        Job job = fx.client.jobs().waitFor(fx.client.jobs().submitCompaction("rn", "dst").id(),
                Duration.ofSeconds(60));
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(catalog.getTable("rn", "dst").fileCount()).isEqualTo(1);
        assertThat(rows("dst")).extracting(r -> r.get(0)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(sorted(Rows.of(catalog.readAll(q -> q.namespace("rn").table("dst").asOf(first.commitTime())))))
                .as("time travel past the compaction").isEqualTo(before.subList(0, 2));

        // the old name is free: a new table of that name shares nothing with the renamed one
        write("src", 100);
        assertThat(rows("src")).extracting(r -> r.get(0)).containsExactly(100L);
        assertThat(rows("dst")).extracting(r -> r.get(0)).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aWriteOpenedBeforeTheRenameCommitsToTheRenamedTable() {
        write("src", 1);
        StagedWriteTarget target = catalog.beginStagedWrite(Users.SCHEMA, w -> w.namespace("rn").table("src"));
        catalog.renameTable("rn", "src", "dst");
        List<StagedFile> files;
        try (StagedFilesWriter out = catalog.openStagedFiles(target, "task-0-");
             VectorSchemaRoot rows = Users.of(fx.allocator, List.of(Users.u(2, "two", 2)))) {
            out.write(rows);
            files = out.finish();
        }
        catalog.commitStagedWrite(target, files);
        assertThat(rows("dst")).extracting(r -> r.get(0)).containsExactly(1L, 2L);
        assertThat(catalog.tableExists("rn", "src")).isFalse();
    }

    @Test
    void refusalsChangeNothing() throws Exception {
        write("src", 1, 2);
        write("taken", 9);
        List<List<Object>> src = rows("src");

        assertThatThrownBy(() -> catalog.renameTable("rn", "src", "taken"))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("rn.taken");
        assertThatThrownBy(() -> catalog.renameTable("rn", "src", "src"))
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> catalog.renameTable("rn", "nobody", "x")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> catalog.renameTable("nons", "src", "x")).isInstanceOf(NotFoundException.class);
        for (String bad : List.of("", ".", "..", ".deltacat", "a/b", "a\\b", "x".repeat(256), "tab\u0001")) {
            assertThatThrownBy(() -> catalog.renameTable("rn", "src", bad)).as("new name '%s'", bad)
                    .isInstanceOf(InvalidRequestException.class);
        }

        // a pipeline node names the table as its source: renaming would point it at nothing
        fx.client.subscriptions().create(s -> s.id("audit").type("auditor").sourceTables(TableRef.of("rn", "src"))
                .leaseDuration(Duration.ofMinutes(1)));
        assertThatThrownBy(() -> catalog.renameTable("rn", "src", "dst"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("audit");
        // ... and as a sink
        fx.client.publications().create(p -> p.id("ingest").type("gen").sinkTables(TableRef.of("rn", "taken"))
                .leaseDuration(Duration.ofMinutes(1)));
        assertThatThrownBy(() -> catalog.renameTable("rn", "taken", "other"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("ingest");

        // an open transaction with an operation on the table
        fx.client.subscriptions().delete("audit");
        try (Transaction tx = fx.client.transaction("hold")) {
            try (VectorSchemaRoot rows = Users.of(fx.allocator, List.of(Users.u(5, "five", 5)))) {
                tx.catalog().write(rows, w -> w.namespace("rn").table("src"));
            }
            assertThatThrownBy(() -> catalog.renameTable("rn", "src", "dst"))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("transaction");
            // not an operation of a transaction: refused by the client, and by the server when asked raw
            assertThatThrownBy(() -> tx.catalog().renameTable("rn", "taken", "dst"))
                    .isInstanceOf(UnsupportedFeatureException.class);
            java.net.http.HttpResponse<String> raw = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(fx.server.uri().resolve(
                            "/v1/namespaces/rn/tables/taken/rename?transactionId=" + tx.id()))
                            .header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"newName\":\"dst\"}"))
                            .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(raw.statusCode()).as(raw.body()).isEqualTo(501); // unsupported
            assertThat(raw.body()).contains("not transactional");
            tx.abort();
        }

        assertThat(rows("src")).isEqualTo(src);
        assertThat(rows("taken")).extracting(r -> r.get(0)).containsExactly(9L);
        assertThat(catalog.tableExists("rn", "dst")).isFalse();
        assertThat(catalog.listTables("rn")).extracting(TableInfo::name).containsExactlyInAnyOrder("src", "taken");

        // with the node deleted and the transaction aborted, the rename goes through
        assertThat(catalog.renameTable("rn", "src", "dst").rowCount()).isEqualTo(2);
        assertThat(rows("dst")).isEqualTo(src);
    }

    @Test
    void aDroppedTableOfTheNewNameStaysDroppedUntilTheNameIsFree() {
        write("gone", 7);
        catalog.dropTable("rn", "gone");
        write("src", 1);

        catalog.renameTable("rn", "src", "gone");
        assertThat(rows("gone")).extracting(r -> r.get(0)).containsExactly(1L);
        assertThatThrownBy(() -> catalog.undropTable("rn", "gone")).isInstanceOf(AlreadyExistsException.class);

        catalog.renameTable("rn", "gone", "src");
        assertThat(catalog.undropTable("rn", "gone").rowCount()).isEqualTo(1);
        assertThat(rows("gone")).extracting(r -> r.get(0)).containsExactly(7L);
        assertThat(rows("src")).extracting(r -> r.get(0)).containsExactly(1L);
    }
}
