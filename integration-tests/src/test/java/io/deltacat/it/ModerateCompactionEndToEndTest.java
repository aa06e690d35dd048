package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.expr.Predicate;
import io.deltacat.api.model.DataFile;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobState;
import io.deltacat.api.model.PartitionKey;
import io.deltacat.api.model.WriteMode;
import io.deltacat.it.Users.User;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code read_optimization_level = moderate}: a commit that takes a table (or a partition) across a
 * threshold queues one background compaction, which keeps partitions apart; bad threshold values are
 * refused up front; and concurrent mergers, deleters and appenders keep every guarantee while
 * compactions run, which never overlap (on the store of this run: SQLite or PostgreSQL).
 */
class ModerateCompactionEndToEndTest {
    /** The checks after a commit run on a background thread: this is long enough for them to have run. */
    private static final long SETTLE_MS = 1500;

    @TempDir
    Path dir;

    @Test
    void theFileCountThresholdQueuesOneCompaction() throws Exception {
        try (Fixture fx = new Fixture(dir, b -> b.clock(Clock.systemUTC()))) {
            CatalogClient catalog = fx.client.catalog();
            catalog.createTable(t -> t.table("t").schema(Users.SCHEMA).property("read_optimization_level", "moderate")
                    .property("compaction_trigger_file_count", "5").property("compaction_trigger_merge_deltas", "100"));
            for (int i = 0; i < 4; i++) {
                append(fx, "t", i, "x");
            }
            Thread.sleep(SETTLE_MS);
            assertThat(compactions(fx, "t")).as("below the threshold").isEmpty();
            append(fx, "t", 4, "x");
            Job job = awaitCompaction(fx, "t", 1);
            assertThat(job.context().get("reason")).contains("compaction_trigger_file_count (5 >= 5)");
            assertThat(catalog.plan(q -> q.table("t")).files()).singleElement()
                    .satisfies(f -> assertThat(f.deltaType()).isEqualTo("compacted"));
            assertThat(Rows.of(catalog.readAll(q -> q.table("t")))).hasSize(5 * 3);
            // the backlog starts over: four more files stay below the threshold
            for (int i = 5; i < 9; i++) {
                append(fx, "t", i, "x");
            }
            Thread.sleep(SETTLE_MS);
            assertThat(compactions(fx, "t")).as("one compaction only").hasSize(1);
            assertThat(catalog.getTable("default", "t").fileCount()).isEqualTo(5);
        }
    }

    @Test
    void partitionsAreCheckedAndKeptApart() throws Exception {
        try (Fixture fx = new Fixture(dir, b -> b.clock(Clock.systemUTC()))) {
            CatalogClient catalog = fx.client.catalog();
            catalog.createTable(t -> t.table("p").schema(Users.SCHEMA).partitionBy(PartitionKey.identity("name"))
                    .property("read_optimization_level", "moderate").property("compaction_trigger_file_count", "3"));
            append(fx, "p", 0, "a");
            append(fx, "p", 1, "a");
            append(fx, "p", 2, "b");
            append(fx, "p", 3, "b");
            Thread.sleep(SETTLE_MS);
            assertThat(compactions(fx, "p")).as("four files, but two per partition").isEmpty();
            append(fx, "p", 4, "a");
            Job job = awaitCompaction(fx, "p", 1);
            assertThat(job.context().get("reason")).contains("in partition [\"a\"]");
            List<DataFile> files = catalog.plan(q -> q.table("p")).files();
            assertThat(files).hasSize(2).allSatisfy(f -> assertThat(f.deltaType()).isEqualTo("compacted"));
            assertThat(files).extracting(DataFile::partitionValues)
                    .containsExactlyInAnyOrder(List.of("a"), List.of("b"));
            // partition pruning still applies to the compacted files
            assertThat(catalog.plan(q -> q.table("p").filter(Predicate.eq("name", "b"))).files()).singleElement()
                    .satisfies(f -> assertThat(f.partitionValues()).isEqualTo(List.of("b")));
            assertThat(Rows.of(catalog.readAll(q -> q.table("p").filter(Predicate.eq("name", "a"))))).hasSize(9);
        }
    }

    @Test
    void badThresholdValuesAreRefusedWithTheirName() {
        try (Fixture fx = new Fixture(dir)) {
            CatalogClient catalog = fx.client.catalog();
            List<Map.Entry<String, String>> bad = List.of(Map.entry("read_optimization_level", "medium"),
                    Map.entry("compaction_trigger_file_count", "many"), Map.entry("compaction_trigger_file_count", "1"),
                    Map.entry("compaction_trigger_small_file_share", "0"),
                    Map.entry("compaction_trigger_small_file_share", "1.5"),
                    Map.entry("compaction_trigger_small_file_share", "NaN"),
                    Map.entry("compaction_small_file_bytes", "-1"), Map.entry("compaction_trigger_merge_deltas", "0"));
            catalog.createTable(t -> t.table("ok").schema(Users.SCHEMA));
            for (Map.Entry<String, String> e : bad) {
                assertThatThrownBy(() -> catalog.createTable(t -> t.table("bad").schema(Users.SCHEMA)
                        .property(e.getKey(), e.getValue()))).as("create with " + e)
                        .isInstanceOf(InvalidRequestException.class).hasMessageContaining(e.getKey());
                assertThatThrownBy(() -> catalog.alterTable(a -> a.table("ok").property(e.getKey(), e.getValue())))
                        .as("alter with " + e).isInstanceOf(InvalidRequestException.class)
                        .hasMessageContaining(e.getKey());
                try (VectorSchemaRoot root = Users.of(fx.allocator, List.of(new User(1, "a", 1)))) {
                    assertThatThrownBy(() -> catalog.write(root, w -> w.table("bad2").tableProperty(e.getKey(),
                            e.getValue()))).as("creating write with " + e).isInstanceOf(InvalidRequestException.class)
                            .hasMessageContaining(e.getKey());
                }
            }
            assertThat(catalog.listTables("default")).extracting(t -> t.name()).containsExactly("ok");
            assertThat(catalog.alterTable(a -> a.table("ok").property("compaction_trigger_small_file_share", "0.25")
                    .property("compaction_small_file_bytes", "1048576")).properties())
                    .containsEntry("compaction_trigger_small_file_share", "0.25");
        }
    }

    @Test
    void concurrentWritersKeepEveryGuaranteeWhileCompactionsRun() throws Exception {
        try (Fixture fx = new Fixture(dir, b -> b.clock(Clock.systemUTC()))) {
            new CompactionWorkload(fx.allocator, List.of(fx.client, fx.connect())).run(3, 2, 30);
        }
    }

    @Test
    void filesKeptByACompactionOutliveTheRowsTheyReplace() {
        try (Fixture fx = new Fixture(dir, b -> b.clock(Clock.systemUTC()).supersededFileRetention(Duration.ZERO))) {
            CatalogClient catalog = fx.client.catalog();
            // every file counts as big: a compaction keeps each file whose rows are all live
            catalog.createTable(t -> t.table("k").schema(Users.SCHEMA).mergeKeys("id")
                    .property("read_optimization_level", "none").property("compaction_small_file_bytes", "1"));
            merge(fx, new User(1, "a", 1), new User(2, "b", 2), new User(3, "c", 3));
            merge(fx, new User(4, "d", 4), new User(5, "e", 5));
            merge(fx, new User(2, "b2", 20));                       // the first file has a dead row now
            try (VectorSchemaRoot keys = Users.keys(fx.allocator, 5)) {
                catalog.write(keys, w -> w.table("k").mode(WriteMode.DELETE)); // so has the second
            }
            merge(fx, new User(7, "g", 7), new User(8, "h", 8));
            List<String> before = catalog.plan(q -> q.table("k")).files().stream().map(DataFile::uri).toList();
            compact(fx);
            List<DataFile> after = catalog.plan(q -> q.table("k")).files();
            assertThat(after).allSatisfy(f -> assertThat(f.deltaType()).isEqualTo("compacted"));
            // kept as they were: the update of id 2 and the last write (all their rows live)
            assertThat(after).extracting(DataFile::uri).contains(before.get(2), before.get(4))
                    .doesNotContain(before.get(0), before.get(1), before.get(3));
            List<List<Object>> expected = List.of(List.of(1L, "a", 1.0), List.of(2L, "b2", 20.0),
                    List.of(3L, "c", 3.0), List.of(4L, "d", 4.0), List.of(7L, "g", 7.0), List.of(8L, "h", 8.0));
            assertThat(sorted(catalog)).isEqualTo(expected);
            // the superseded rows naming the kept files go; the files stay while the new rows name them
            fx.server.runMaintenance();
            assertThat(sorted(catalog)).isEqualTo(expected);
            merge(fx, new User(9, "i", 9));
            compact(fx);
            fx.server.runMaintenance();
            List<List<Object>> more = new ArrayList<>(expected);
            more.add(List.of(9L, "i", 9.0));
            assertThat(sorted(catalog)).isEqualTo(more);
            assertThat(catalog.plan(q -> q.table("k")).files()).extracting(DataFile::uri)
                    .contains(before.get(2), before.get(4));
        }
    }

    private static void merge(Fixture fx, User... users) {
        try (VectorSchemaRoot root = Users.of(fx.allocator, List.of(users))) {
            fx.client.catalog().write(root, w -> w.table("k").mode(WriteMode.MERGE));
        }
    }

    private static void compact(Fixture fx) {
        Job done = fx.client.jobs().waitFor(fx.client.jobs().submitCompaction("default", "k").id(),
                Duration.ofSeconds(60));
        assertThat(done.state()).as(done.error().orElse("")).isEqualTo(JobState.SUCCEEDED);
    }

    private static List<List<Object>> sorted(CatalogClient catalog) {
        List<List<Object>> rows = Rows.of(catalog.readAll(q -> q.table("k")));
        rows.sort(java.util.Comparator.comparing(r -> (Long) r.get(0)));
        return rows;
    }

    private static void append(Fixture fx, String table, int op, String name) {
        List<User> users = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            users.add(new User(op * 10L + i, name, op));
        }
        try (VectorSchemaRoot root = Users.of(fx.allocator, users)) {
            fx.client.catalog().write(root, w -> w.table(table).mode(WriteMode.APPEND));
        }
    }

    private static List<Job> compactions(Fixture fx, String table) {
        return fx.client.jobs().list(o -> o.type("compaction").pageSize(1000)).jobs().stream()
                .filter(j -> table.equals(j.context().get("table"))).toList();
    }

    /** Waits until the table has {@code n} compaction jobs, all ended, and returns the last; it must have succeeded. */
    private static Job awaitCompaction(Fixture fx, String table, int n) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            List<Job> jobs = compactions(fx, table);
            if (jobs.size() >= n && jobs.stream().allMatch(j -> j.state().isFinal())) {
                assertThat(jobs).hasSize(n);
                Job last = jobs.get(n - 1);
                assertThat(last.state()).as(last.error().orElse("")).isEqualTo(JobState.SUCCEEDED);
                return last;
            }
            assertThat(System.nanoTime()).as("compaction of " + table + " not done after 60 s").isLessThan(end);
            Thread.sleep(50);
        }
    }
}
