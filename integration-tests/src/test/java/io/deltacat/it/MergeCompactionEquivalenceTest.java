package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.JobsClient;
import io.deltacat.api.expr.Predicate;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobState;
import io.deltacat.api.model.WriteMode;
import io.deltacat.api.model.WriteResult;
import io.deltacat.api.options.ReadOptions;
import io.deltacat.it.Users.User;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random sequences of merges (MERGE, AUTO and APPEND on a merge-key table), deletes, replaces and
 * compactions, checked after every step's end against an in-memory model of the expected table:
 * current reads, reads as of earlier commits, filters and limits, before and after compaction. Many
 * seeds, small data, five storage formats.
 */
class MergeCompactionEquivalenceTest {
    private static final int SEEDS = 20;
    private static final int KEYS = 20;
    private static final List<String> FORMATS = List.of("parquet", "feather", "csv", "orc", "avro");

    @TempDir
    Path dir;

    private record Snapshot(long commitTime, List<List<Object>> rows) {
    }

    @Test
    void randomSequencesMatchTheModel() {
        try (Fixture fx = new Fixture(dir)) {
            for (int seed = 0; seed < SEEDS; seed++) {
                new Run(fx, seed).run();
            }
        }
    }

    private static final class Run {
        final Fixture fx;
        final int seed;
        final Random random;
        final String table;
        final CatalogClient catalog;
        final JobsClient jobs;
        final TreeMap<Long, User> model = new TreeMap<>();
        final List<Snapshot> snapshots = new ArrayList<>();

        Run(Fixture fx, int seed) {
            this.fx = fx;
            this.seed = seed;
            this.random = new Random(seed);
            this.table = "eq" + seed;
            this.catalog = fx.client.catalog();
            this.jobs = fx.client.jobs();
        }

        void run() {
            String format = FORMATS.get(seed % FORMATS.size());
            catalog.createTable(t -> t.table(table).schema(Users.SCHEMA).mergeKeys("id").format(format));
            int ops = 6 + random.nextInt(6);
            for (int op = 0; op < ops; op++) {
                int dice = random.nextInt(100);
                if (dice < 45) {
                    upsert(op);
                } else if (dice < 72) {
                    delete();
                } else if (dice < 80) {
                    replace(op);
                } else {
                    compact();
                    check("after compaction at op " + op);
                }
            }
            check("end");
            compact();
            check("after the final compaction");
            assertThat(catalog.plan(q -> q.table(table)).files()).as(describe("final plan"))
                    .allMatch(f -> f.deltaType().equals("compacted"));
        }

        private String describe(String what) {
            return "seed " + seed + " (" + table + "), " + what;
        }

        private List<User> users(int op, int max, boolean allowEmpty) {
            int n = (allowEmpty ? 0 : 1) + random.nextInt(max);
            List<User> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(new User(random.nextInt(KEYS), "s" + seed + "o" + op + "r" + i, random.nextInt(100)));
            }
            return out;
        }

        private void upsert(int op) {
            List<User> users = users(op, 6, false);
            WriteMode mode = List.of(WriteMode.MERGE, WriteMode.AUTO, WriteMode.APPEND).get(random.nextInt(3));
            try (VectorSchemaRoot root = Users.of(fx.allocator, users)) {
                record(catalog.write(root, w -> w.table(table).mode(mode)));
            }
            // a later row of the same key wins
            users.forEach(u -> model.put(u.id(), u));
            snapshots.set(snapshots.size() - 1, new Snapshot(snapshots.get(snapshots.size() - 1).commitTime(), expected()));
        }

        private void delete() {
            long[] ids = new long[1 + random.nextInt(4)];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = random.nextInt(KEYS);
            }
            try (VectorSchemaRoot root = Users.keys(fx.allocator, ids)) {
                WriteResult r = catalog.write(root, w -> w.table(table).mode(WriteMode.DELETE));
                for (long id : ids) {
                    model.remove(id);
                }
                snapshots.add(new Snapshot(r.commitTime(), expected()));
            }
        }

        private void replace(int op) {
            List<User> users = users(op, 5, true);
            try (VectorSchemaRoot root = Users.of(fx.allocator, users)) {
                WriteResult r = catalog.write(root, w -> w.table(table).mode(WriteMode.REPLACE));
                model.clear();
                users.forEach(u -> model.put(u.id(), u));
                snapshots.add(new Snapshot(r.commitTime(), expected()));
            }
        }

        private void record(WriteResult r) {
            snapshots.add(new Snapshot(r.commitTime(), List.of()));
        }

        private void compact() {
            Job done = jobs.waitFor(jobs.submitCompaction("default", table).id(), Duration.ofSeconds(60));
            assertThat(done.state()).as(describe("compaction: " + done.error())).isEqualTo(JobState.SUCCEEDED);
        }

        private List<List<Object>> expected() {
            return model.values().stream().map(User::row).toList();
        }

        private List<List<Object>> read(Consumer<ReadOptions.Builder> q) {
            return Rows.of(catalog.readAll(q)).stream().sorted(Comparator.comparing(r -> (Long) r.get(0))).toList();
        }

        private void check(String when) {
            assertThat(read(q -> q.table(table))).as(describe(when)).isEqualTo(expected());
            assertThat(read(q -> q.table(table).ordered(false).parallelism(3).batchSize(2)))
                    .as(describe(when + ", unordered, small batches")).isEqualTo(expected());
            assertThat(read(q -> q.table(table).filter(Predicate.ge("score", 50.0)))).as(describe(when + ", filtered"))
                    .isEqualTo(expected().stream().filter(r -> (Double) r.get(2) >= 50.0).toList());
            assertThat(read(q -> q.table(table).filter(Predicate.lt("id", 7L)))).as(describe(when + ", key filter"))
                    .isEqualTo(expected().stream().filter(r -> (Long) r.get(0) < 7L).toList());
            List<List<Object>> limited = read(q -> q.table(table).limit(3));
            assertThat(limited).as(describe(when + ", limit 3")).hasSize(Math.min(3, model.size()));
            assertThat(expected()).containsAll(limited);
            // time travel to a few earlier commits
            for (int i = 0; i < 3 && !snapshots.isEmpty(); i++) {
                Snapshot s = snapshots.get(random.nextInt(snapshots.size()));
                assertThat(read(q -> q.table(table).asOf(s.commitTime()))).as(describe(when + ", asOf " + s.commitTime()))
                        .isEqualTo(s.rows());
            }
        }
    }
}
