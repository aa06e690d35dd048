package io.deltacat.it;

import static io.deltacat.it.Users.u;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.MergeKeysRequiredException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.expr.Predicate;
import io.deltacat.api.model.JobState;
import io.deltacat.api.model.ReadPlan;
import io.deltacat.api.model.TableInfo;
import io.deltacat.api.model.WriteMode;
import io.deltacat.api.model.WriteResult;
import io.deltacat.api.options.WriteOptions;
import io.deltacat.it.Users.User;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Write modes, merge keys, merge-on-read, compaction on write and retention, over loopback HTTP. */
class WriteModesEndToEndTest {
    @TempDir
    Path dir;
    Fixture fx;
    CatalogClient catalog;

    @BeforeEach
    void start() {
        fx = new Fixture(dir, b -> b.supersededFileRetention(Duration.ofDays(7)));
        catalog = fx.client.catalog();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private WriteResult write(List<User> users, Consumer<WriteOptions.Builder> options) {
        try (VectorSchemaRoot root = Users.of(fx.allocator, users)) {
            return catalog.write(root, options);
        }
    }

    private WriteResult delete(String table, long... ids) {
        try (VectorSchemaRoot root = Users.keys(fx.allocator, ids)) {
            return catalog.write(root, w -> w.table(table).mode(WriteMode.DELETE));
        }
    }

    /** The rows of a read, sorted by id (merge-on-read does not promise an order across keys). */
    private List<List<Object>> rows(Consumer<io.deltacat.api.options.ReadOptions.Builder> q) {
        return Rows.of(catalog.readAll(q)).stream()
                .sorted(Comparator.comparing(r -> (Long) r.get(0))).toList();
    }

    private static List<List<Object>> expected(User... users) {
        return Stream.of(users).map(User::row).toList();
    }

    private void createUsers(String table, String... properties) {
        catalog.createTable(t -> {
            t.table(table).schema(Users.SCHEMA).mergeKeys("id");
            for (int i = 0; i < properties.length; i += 2) {
                t.property(properties[i], properties[i + 1]);
            }
        });
    }

    @Test
    void liveFeatureEnrichmentExample() {
        createUsers("users");
        write(List.of(u(1, "alice", 10), u(2, "bob", 20), u(3, "carol", 30)), w -> w.table("users"));
        WriteResult upsert = write(List.of(u(1, "alice", 11), u(3, "carol", 33), u(4, "dave", 40), u(5, "erin", 50)),
                w -> w.table("users").mode(WriteMode.MERGE));
        WriteResult deleted = delete("users", 3, 5);

        assertThat(rows(q -> q.table("users"))).isEqualTo(expected(u(1, "alice", 11), u(2, "bob", 20), u(4, "dave", 40)));
        ReadPlan plan = catalog.plan(q -> q.table("users"));
        assertThat(plan.mergeKeys()).containsExactly("id");
        assertThat(plan.files()).extracting(f -> f.deltaType()).containsExactly("upsert", "upsert", "delete");
        // time travel sees each step
        assertThat(rows(q -> q.table("users").asOf(upsert.commitTime()))).isEqualTo(expected(u(1, "alice", 11),
                u(2, "bob", 20), u(3, "carol", 33), u(4, "dave", 40), u(5, "erin", 50)));
        assertThat(deleted.commitTime()).isGreaterThan(upsert.commitTime());
        // projection, a filter on a non-key column applied after reconciliation, limit
        assertThat(Rows.of(catalog.readAll(q -> q.table("users").columns("name").filter(Predicate.lt("score", 15.0)))))
                .as("alice's old score 10 is superseded by 11").containsExactly(List.of("alice"));
        assertThat(rows(q -> q.table("users").filter(Predicate.gt("score", 15.0))))
                .isEqualTo(expected(u(2, "bob", 20), u(4, "dave", 40)));
        assertThat(rows(q -> q.table("users").filter(Predicate.eq("id", 3L)))).isEmpty();
        assertThat(rows(q -> q.table("users").ordered(false).parallelism(1).batchSize(1)))
                .isEqualTo(expected(u(1, "alice", 11), u(2, "bob", 20), u(4, "dave", 40)));
        assertThat(Rows.of(catalog.readAll(q -> q.table("users").limit(2)))).hasSize(2);
        assertThat(Rows.of(catalog.readAll(q -> q.table("users").limit(0)))).isEmpty();

        TableInfo info = catalog.getTable("default", "users");
        assertThat(info.mergeKeys()).containsExactly("id");
        assertThat(info.schema().findField("id").getMetadata()).containsEntry("deltacat.merge_key", "true");
    }

    @Test
    void autoMergesWithMergeKeysAndAppendsWithout() {
        // AUTO creating the table passes its merge keys through the write options
        WriteResult created = write(List.of(u(1, "a", 1), u(2, "b", 2)), w -> w.table("keyed").mergeKeys("id"));
        assertThat(created.tableCreated()).isTrue();
        assertThat(catalog.getTable("default", "keyed").mergeKeys()).containsExactly("id");
        write(List.of(u(2, "b2", 22), u(3, "c", 3)), w -> w.table("keyed"));
        assertThat(rows(q -> q.table("keyed"))).isEqualTo(expected(u(1, "a", 1), u(2, "b2", 22), u(3, "c", 3)));
        // APPEND on a table with merge keys keeps keys unique too
        write(List.of(u(1, "a2", 11)), w -> w.table("keyed").mode(WriteMode.APPEND));
        assertThat(rows(q -> q.table("keyed"))).isEqualTo(expected(u(1, "a2", 11), u(2, "b2", 22), u(3, "c", 3)));
        // within one write the later row of a key wins
        write(List.of(u(4, "first", 4), u(4, "second", 44)), w -> w.table("keyed").mode(WriteMode.MERGE));
        assertThat(rows(q -> q.table("keyed").filter(Predicate.eq("id", 4L)))).isEqualTo(expected(u(4, "second", 44)));

        write(List.of(u(1, "a", 1), u(2, "b", 2)), w -> w.table("plain"));
        write(List.of(u(1, "a", 1)), w -> w.table("plain"));
        assertThat(catalog.getTable("default", "plain").mergeKeys()).isEmpty();
        assertThat(rows(q -> q.table("plain"))).isEqualTo(expected(u(1, "a", 1), u(1, "a", 1), u(2, "b", 2)));
        assertThat(catalog.plan(q -> q.table("plain")).files()).extracting(f -> f.deltaType())
                .containsExactly("append", "append");
    }

    @Test
    void mergeAndDeleteWithoutMergeKeysFailAndChangeNothing() {
        write(List.of(u(1, "a", 1)), w -> w.table("plain"));
        TableInfo before = catalog.getTable("default", "plain");
        assertThatThrownBy(() -> write(List.of(u(1, "b", 2)), w -> w.table("plain").mode(WriteMode.MERGE)))
                .isInstanceOf(MergeKeysRequiredException.class).hasMessageContaining("no merge keys")
                .hasMessageContaining("merge");
        assertThatThrownBy(() -> delete("plain", 1)).isInstanceOf(MergeKeysRequiredException.class)
                .hasMessageContaining("delete");
        assertThat(catalog.getTable("default", "plain")).isEqualTo(before);
        assertThat(rows(q -> q.table("plain"))).isEqualTo(expected(u(1, "a", 1)));
        // modes that need an existing table
        for (WriteMode m : List.of(WriteMode.MERGE, WriteMode.DELETE, WriteMode.REPLACE)) {
            assertThatThrownBy(() -> write(List.of(u(1, "a", 1)), w -> w.table("missing").mode(m)))
                    .as(m.name()).isInstanceOf(NotFoundException.class);
        }
        assertThat(catalog.tableExists("default", "missing")).isFalse();
    }

    @Test
    void deleteTakesOnlyKeyColumnsAndChecksThem() {
        createUsers("users");
        write(List.of(u(1, "a", 1), u(2, "b", 2)), w -> w.table("users"));
        // the full schema is accepted too
        write(List.of(u(1, "ignored", 0)), w -> w.table("users").mode(WriteMode.DELETE));
        assertThat(rows(q -> q.table("users"))).isEqualTo(expected(u(2, "b", 2)));
        Schema nameOnly = new Schema(List.of(Field.nullable("name", ArrowType.Utf8.INSTANCE)));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(nameOnly, fx.allocator)) {
            root.setRowCount(0);
            assertThatThrownBy(() -> catalog.write(root, w -> w.table("users").mode(WriteMode.DELETE)))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("merge key column(s) [id]");
        }
        // deleting a key that does not exist changes nothing; deleting again is harmless
        delete("users", 7, 1);
        assertThat(rows(q -> q.table("users"))).isEqualTo(expected(u(2, "b", 2)));
        // local files as DELETE input hold the key column only
        Path keysCsv = dir.resolve("keys.csv");
        try {
            Files.writeString(keysCsv, "id\n2\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        write(List.of(u(3, "c", 3)), w -> w.table("users"));
        catalog.write(List.of(keysCsv), w -> w.table("users").mode(WriteMode.DELETE));
        assertThat(rows(q -> q.table("users"))).isEqualTo(expected(u(3, "c", 3)));
        delete("users", 3);
        write(List.of(u(2, "b", 2)), w -> w.table("users"));
        // a deleted key can come back
        write(List.of(u(1, "back", 100)), w -> w.table("users").mode(WriteMode.MERGE));
        assertThat(rows(q -> q.table("users"))).isEqualTo(expected(u(1, "back", 100), u(2, "b", 2)));
    }

    @Test
    void mergeKeysAreValidated() {
        assertThatThrownBy(() -> catalog.createTable(t -> t.table("t").schema(Users.SCHEMA).mergeKeys("nope")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("merge key 'nope'");
        assertThatThrownBy(() -> catalog.createTable(t -> t.table("t").schema(Users.SCHEMA).mergeKeys("score")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("floating point");
        assertThatThrownBy(() -> catalog.createTable(t -> t.table("t").schema(Users.SCHEMA).mergeKeys("id", "id")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("more than once");
        assertThatThrownBy(() -> write(List.of(u(1, "a", 1)), w -> w.table("t").mergeKeys("score")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("floating point");
        assertThatThrownBy(() -> catalog.createTable(t -> t.table("t").schema(Users.SCHEMA)
                .property("read_optimization_level", "high"))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("read_optimization_level");
        assertThat(catalog.tableExists("default", "t")).isFalse();
        // two keys
        TableInfo t = catalog.createTable(c -> c.table("t").schema(Users.SCHEMA).mergeKeys("name", "id"));
        assertThat(t.mergeKeys()).as("schema order").containsExactly("id", "name");
        write(List.of(u(1, "a", 1), u(1, "b", 2)), w -> w.table("t"));
        write(List.of(u(1, "a", 3)), w -> w.table("t").mode(WriteMode.MERGE));
        assertThat(rows(q -> q.table("t"))).containsExactlyInAnyOrder(List.of(1L, "a", 3.0), List.of(1L, "b", 2.0));
    }

    @Test
    void replaceSupersedesEverythingAtomically() {
        write(List.of(u(1, "a", 1), u(2, "b", 2)), w -> w.table("plain"));
        WriteResult first = write(List.of(u(3, "c", 3)), w -> w.table("plain"));
        WriteResult replaced = write(List.of(u(9, "z", 9)), w -> w.table("plain").mode(WriteMode.REPLACE));
        assertThat(rows(q -> q.table("plain"))).isEqualTo(expected(u(9, "z", 9)));
        assertThat(catalog.plan(q -> q.table("plain")).files()).extracting(f -> f.deltaType()).containsExactly("replace");
        assertThat(catalog.getTable("default", "plain").rowCount()).isEqualTo(1);
        write(List.of(u(10, "y", 10)), w -> w.table("plain"));
        assertThat(rows(q -> q.table("plain"))).isEqualTo(expected(u(9, "z", 9), u(10, "y", 10)));
        assertThat(rows(q -> q.table("plain").asOf(first.commitTime())))
                .isEqualTo(expected(u(1, "a", 1), u(2, "b", 2), u(3, "c", 3)));
        // zero rows empty the table
        write(List.of(), w -> w.table("plain").mode(WriteMode.REPLACE));
        assertThat(rows(q -> q.table("plain"))).isEmpty();
        assertThat(catalog.getTable("default", "plain").rowCount()).isZero();
        assertThat(rows(q -> q.table("plain").asOf(replaced.commitTime()))).isEqualTo(expected(u(9, "z", 9)));

        // on a merge-key table a replace also resets the keys
        createUsers("users");
        write(List.of(u(1, "a", 1), u(2, "b", 2)), w -> w.table("users"));
        write(List.of(u(2, "new", 20)), w -> w.table("users").mode(WriteMode.REPLACE));
        write(List.of(u(3, "c", 3)), w -> w.table("users").mode(WriteMode.MERGE));
        assertThat(rows(q -> q.table("users"))).isEqualTo(expected(u(2, "new", 20), u(3, "c", 3)));
    }

    @Test
    void compactionReconcilesMergeKeysAndKeepsTimeTravel() {
        createUsers("users");
        write(List.of(u(1, "a", 1), u(2, "b", 2), u(3, "c", 3)), w -> w.table("users"));
        write(List.of(u(1, "a2", 11), u(4, "d", 4)), w -> w.table("users").mode(WriteMode.MERGE));
        WriteResult last = delete("users", 2);
        List<List<Object>> before = rows(q -> q.table("users"));
        assertThat(before).isEqualTo(expected(u(1, "a2", 11), u(3, "c", 3), u(4, "d", 4)));

        var jobs = fx.client.jobs();
        var done = jobs.waitFor(jobs.submitCompaction("default", "users").id(), Duration.ofSeconds(60));
        assertThat(done.state()).as(String.valueOf(done.error())).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.recordsProcessed()).isEqualTo(3);
        ReadPlan plan = catalog.plan(q -> q.table("users"));
        assertThat(plan.files()).extracting(f -> f.deltaType()).containsExactly("compacted");
        assertThat(plan.files().get(0).rowCount()).isEqualTo(3);
        assertThat(rows(q -> q.table("users"))).isEqualTo(before);
        assertThat(rows(q -> q.table("users").asOf(last.commitTime()))).isEqualTo(before);
        assertThat(catalog.plan(q -> q.table("users").asOf(last.commitTime())).files()).hasSize(3);
        // merges after the compaction reconcile against the compacted rows
        write(List.of(u(3, "c2", 33)), w -> w.table("users").mode(WriteMode.MERGE));
        delete("users", 4);
        assertThat(rows(q -> q.table("users"))).isEqualTo(expected(u(1, "a2", 11), u(3, "c2", 33)));
    }

    @Test
    void maxReadOptimizationCompactsOnWrite() {
        createUsers("users", "read_optimization_level", "max");
        write(List.of(u(1, "a", 1), u(2, "b", 2)), w -> w.table("users"));
        WriteResult merged = write(List.of(u(2, "b2", 22), u(3, "c", 3)), w -> w.table("users").mode(WriteMode.MERGE));
        ReadPlan plan = catalog.plan(q -> q.table("users"));
        assertThat(plan.files()).extracting(f -> f.deltaType()).containsExactly("compacted");
        assertThat(rows(q -> q.table("users"))).isEqualTo(expected(u(1, "a", 1), u(2, "b2", 22), u(3, "c", 3)));
        delete("users", 1, 2, 3);
        assertThat(catalog.plan(q -> q.table("users")).files()).isEmpty();
        assertThat(rows(q -> q.table("users"))).isEmpty();
        // the write's own commit stays in the history (same rows as the compaction that followed)
        assertThat(rows(q -> q.table("users").asOf(merged.commitTime())))
                .isEqualTo(expected(u(1, "a", 1), u(2, "b2", 22), u(3, "c", 3)));
        // a table created by a write with the property
        write(List.of(u(1, "a", 1)), w -> w.table("auto").mergeKeys("id").tableProperty("read_optimization_level", "max"));
        write(List.of(u(1, "b", 2)), w -> w.table("auto"));
        assertThat(catalog.plan(q -> q.table("auto")).files()).extracting(f -> f.deltaType()).containsExactly("compacted");
        assertThat(rows(q -> q.table("auto"))).isEqualTo(expected(u(1, "b", 2)));
    }

    @Test
    void concurrentWritersToACompactOnWriteTableLoseNothing() throws Exception {
        createUsers("users", "read_optimization_level", "max");
        int threads = 4;
        int writes = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < writes; i++) {
                        // each thread owns keys thread*100 + i, and updates its previous key once more
                        List<User> rows = new java.util.ArrayList<>(List.of(u(thread * 100L + i, "t" + thread, i)));
                        if (i > 0) {
                            rows.add(u(thread * 100L + i - 1, "t" + thread + "-updated", i));
                        }
                        write(rows, w -> w.table("users").mode(WriteMode.MERGE));
                    }
                    return null;
                }));
            }
            for (var f : futures) {
                f.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<List<Object>> expected = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < writes; i++) {
                expected.add(i < writes - 1 ? u(t * 100L + i, "t" + t + "-updated", i + 1).row()
                        : u(t * 100L + i, "t" + t, i).row());
            }
        }
        assertThat(rows(q -> q.table("users"))).isEqualTo(expected);
        // whatever interleaving happened, compacting once more changes no row
        var jobs = fx.client.jobs();
        assertThat(jobs.waitFor(jobs.submitCompaction("default", "users").id(), Duration.ofSeconds(60)).state())
                .isEqualTo(JobState.SUCCEEDED);
        assertThat(rows(q -> q.table("users"))).isEqualTo(expected);
    }

    @Test
    void supersededFilesAreRemovedAfterTheRetentionWindow() throws Exception {
        createUsers("users");
        write(List.of(u(1, "a", 1), u(2, "b", 2)), w -> w.table("users"));
        WriteResult before = write(List.of(u(2, "b2", 22)), w -> w.table("users").mode(WriteMode.MERGE));
        List<String> oldFiles = catalog.plan(q -> q.table("users")).files().stream().map(f -> f.uri()).toList();
        var jobs = fx.client.jobs();
        assertThat(jobs.waitFor(jobs.submitCompaction("default", "users").id(), Duration.ofSeconds(60)).state())
                .isEqualTo(JobState.SUCCEEDED);
        List<List<Object>> expectedRows = expected(u(1, "a", 1), u(2, "b2", 22));

        fx.server.runMaintenance();
        fx.clock.advance(Duration.ofDays(6));
        fx.server.runMaintenance();
        assertThat(oldFiles).allMatch(Fixture::exists);
        assertThat(rows(q -> q.table("users").asOf(before.commitTime()))).isEqualTo(expectedRows);

        fx.clock.advance(Duration.ofDays(2));
        fx.server.runMaintenance();
        assertThat(oldFiles).noneMatch(Fixture::exists);
        assertThat(rows(q -> q.table("users"))).isEqualTo(expectedRows);
        assertThatThrownBy(() -> catalog.readAll(q -> q.table("users").asOf(before.commitTime())))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("retention window");
        // the compacted files are live: never removed
        List<String> live = catalog.plan(q -> q.table("users")).files().stream().map(f -> f.uri()).toList();
        fx.clock.advance(Duration.ofDays(30));
        fx.server.runMaintenance();
        assertThat(live).allMatch(Fixture::exists);
        assertThat(rows(q -> q.table("users"))).isEqualTo(expectedRows);
    }
}
