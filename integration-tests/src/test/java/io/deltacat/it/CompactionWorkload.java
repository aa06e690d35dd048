package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.api.DeltacatClient;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobState;
import io.deltacat.api.model.WriteMode;
import io.deltacat.api.model.WriteResult;
import io.deltacat.it.Users.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Concurrent writers on two tables with background ({@code moderate}) compaction and low thresholds,
 * so compactions run while they write: mergers upsert and delete keys of their own key range on a
 * merge-key table, appenders add rows with unique ids to a plain table. Each writer keeps a model of
 * its rows after each commit; since their key ranges are disjoint, the table as of any commit time is
 * the union of every writer's model as of its last commit at or before it. Meanwhile a watcher samples
 * the job list: never two compaction jobs of one table pending or running at once.
 */
final class CompactionWorkload {
    static final String MERGED = "merged";
    static final String APPENDED = "appended";
    /** Thresholds low enough that compaction runs every few commits. */
    static final Map<String, String> PROPERTIES = Map.of("read_optimization_level", "moderate",
            "compaction_trigger_file_count", "6", "compaction_trigger_merge_deltas", "4");

    private record Snapshot(long commitTime, Map<Long, List<Object>> rows) {
    }

    private final BufferAllocator allocator;
    private final List<DeltacatClient> clients;
    private final ConcurrentLinkedQueue<String> overlaps = new ConcurrentLinkedQueue<>();
    private final List<List<Snapshot>> mergeHistory = new ArrayList<>();
    private final List<List<Snapshot>> appendHistory = new ArrayList<>();
    private Instant writersDone;

    /** Writers take turns over {@code clients} (one server or several sharing a database). */
    CompactionWorkload(BufferAllocator allocator, List<DeltacatClient> clients) {
        this.allocator = allocator;
        this.clients = clients;
    }

    /** Creates both tables, runs {@code mergers} + {@code appenders} writers of {@code ops} commits each, checks everything. */
    void run(int mergers, int appenders, int ops) throws Exception {
        DeltacatClient first = clients.get(0);
        first.catalog().createTable(t -> {
            t.table(MERGED).schema(Users.SCHEMA).mergeKeys("id");
            PROPERTIES.forEach(t::property);
        });
        first.catalog().createTable(t -> {
            t.table(APPENDED).schema(Users.SCHEMA);
            PROPERTIES.forEach(t::property);
        });
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> watch(first, writing), "compaction-watcher");
        watcher.start();
        ExecutorService pool = Executors.newFixedThreadPool(mergers + appenders);
        List<Future<List<Snapshot>>> merges = new ArrayList<>();
        List<Future<List<Snapshot>>> appends = new ArrayList<>();
        try {
            for (int w = 0; w < mergers; w++) {
                int id = w;
                merges.add(pool.submit(() -> merger(clients.get(id % clients.size()), id, ops)));
            }
            for (int w = 0; w < appenders; w++) {
                int id = w;
                appends.add(pool.submit(() -> appender(clients.get((id + 1) % clients.size()), id, ops)));
            }
            for (Future<List<Snapshot>> f : merges) {
                mergeHistory.add(f.get(10, TimeUnit.MINUTES));
            }
            for (Future<List<Snapshot>> f : appends) {
                appendHistory.add(f.get(10, TimeUnit.MINUTES));
            }
            writersDone = Instant.now();
        } finally {
            pool.shutdownNow();
            awaitNoCompaction(first);
            writing.set(false);
            watcher.join(30_000);
        }
        assertThat(overlaps).as("moments with two compactions of one table pending or running").isEmpty();
        for (String table : List.of(MERGED, APPENDED)) {
            checkJobs(first, table);
        }
        check(first, MERGED, mergeHistory, Long.MAX_VALUE, "now");
        check(first, APPENDED, appendHistory, Long.MAX_VALUE, "now");
        Random random = new Random(7);
        for (int i = 0; i < 12; i++) {
            for (List<List<Snapshot>> history : List.of(mergeHistory, appendHistory)) {
                List<Snapshot> writer = history.get(random.nextInt(history.size()));
                long at = writer.get(random.nextInt(writer.size())).commitTime();
                String table = history == mergeHistory ? MERGED : APPENDED;
                DeltacatClient reader = clients.get(random.nextInt(clients.size()));
                check(reader, table, history, at, "asOf " + at);
            }
        }
    }

    private List<Snapshot> merger(DeltacatClient client, int writer, int ops) {
        Random random = new Random(100 + writer);
        long base = 1_000_000L * (writer + 1);
        TreeMap<Long, List<Object>> model = new TreeMap<>();
        List<Snapshot> history = new ArrayList<>();
        for (int op = 0; op < ops; op++) {
            WriteResult r;
            if (op > 2 && random.nextInt(100) < 30) {
                long[] ids = new long[1 + random.nextInt(4)];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = base + random.nextInt(60);
                }
                try (VectorSchemaRoot keys = Users.keys(allocator, ids)) {
                    r = client.catalog().write(keys, w -> w.table(MERGED).mode(WriteMode.DELETE));
                }
                for (long id : ids) {
                    model.remove(id);
                }
            } else {
                Map<Long, User> batch = new TreeMap<>();
                int n = 5 + random.nextInt(20);
                for (int i = 0; i < n; i++) {
                    long id = base + random.nextInt(60);
                    batch.put(id, new User(id, "w" + writer + "o" + op + "i" + i, op));
                }
                WriteMode mode = op % 3 == 0 ? WriteMode.AUTO : WriteMode.MERGE;
                try (VectorSchemaRoot root = Users.of(allocator, new ArrayList<>(batch.values()))) {
                    r = client.catalog().write(root, w -> w.table(MERGED).mode(mode));
                }
                batch.values().forEach(u -> model.put(u.id(), u.row()));
            }
            history.add(new Snapshot(r.commitTime(), new HashMap<>(model)));
        }
        return history;
    }

    private List<Snapshot> appender(DeltacatClient client, int writer, int ops) {
        long next = 10_000_000L * (writer + 1);
        Map<Long, List<Object>> model = new HashMap<>();
        List<Snapshot> history = new ArrayList<>();
        for (int op = 0; op < ops; op++) {
            List<User> users = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                users.add(new User(next++, "a" + writer + "o" + op, i));
            }
            WriteResult r;
            try (VectorSchemaRoot root = Users.of(allocator, users)) {
                r = client.catalog().write(root, w -> w.table(APPENDED).mode(WriteMode.APPEND));
            }
            users.forEach(u -> model.put(u.id(), u.row()));
            history.add(new Snapshot(r.commitTime(), new HashMap<>(model)));
        }
        return history;
    }

    /** Reads {@code table} as of {@code at} and compares it with every writer's model at that time. */
    private static void check(DeltacatClient client, String table, List<List<Snapshot>> history, long at, String when) {
        Map<Long, List<Object>> expected = new TreeMap<>();
        for (List<Snapshot> writer : history) {
            Snapshot last = null;
            for (Snapshot s : writer) {
                if (s.commitTime() <= at) {
                    last = s;
                }
            }
            if (last != null) {
                expected.putAll(last.rows());
            }
        }
        List<List<Object>> rows = Rows.of(client.catalog().readAll(q -> {
            q.table(table);
            if (at != Long.MAX_VALUE) {
                q.asOf(at);
            }
        }));
        rows.sort(Comparator.comparing(r -> (Long) r.get(0)));
        // no duplicate, no lost row or update, no deleted row back
        assertThat(rows).as(table + " " + when).containsExactlyElementsOf(expected.values());
    }

    private void watch(DeltacatClient client, AtomicBoolean writing) {
        while (writing.get()) {
            try {
                Map<String, Integer> active = new HashMap<>();
                for (Job j : activeCompactions(client)) {
                    active.merge(j.context().get("table"), 1, Integer::sum);
                }
                active.forEach((table, n) -> {
                    if (n > 1) {
                        overlaps.add(table + ": " + n + " at " + Instant.now());
                    }
                });
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                overlaps.add("watcher failed: " + e);
                return;
            }
        }
    }

    private static List<Job> activeCompactions(DeltacatClient client) {
        return client.jobs().list(o -> o.type("compaction").states(JobState.PENDING, JobState.CLAIMED,
                JobState.RUNNING).pageSize(1000)).jobs();
    }

    private static void awaitNoCompaction(DeltacatClient client) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        // the last commits' checks may queue one more compaction shortly after they land
        Thread.sleep(1500);
        while (!activeCompactions(client).isEmpty()) {
            assertThat(System.nanoTime()).as("compactions still running after 120 s").isLessThan(end);
            Thread.sleep(100);
        }
    }

    /** Compactions of {@code table} ran while writers wrote, succeeded, and never overlapped in time. */
    private void checkJobs(DeltacatClient client, String table) {
        List<Job> jobs = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            var p = client.jobs().list(o -> {
                o.type("compaction").pageSize(1000);
                if (page != null) {
                    o.pageToken(page);
                }
            });
            p.jobs().stream().filter(j -> table.equals(j.context().get("table"))).forEach(jobs::add);
            token = p.nextPageToken().orElse(null);
        } while (token != null);
        assertThat(jobs).as("compactions of " + table).isNotEmpty();
        assertThat(jobs).as("compactions of " + table).allSatisfy(j -> {
            assertThat(j.state()).as(j.id() + ": " + j.error().orElse("")).isEqualTo(JobState.SUCCEEDED);
            assertThat(j.context().get("reason")).startsWith("read_optimization_level=moderate");
        });
        assertThat(jobs).as("a compaction of " + table + " ended while the writers wrote")
                .anyMatch(j -> j.finishedAt().orElseThrow().isBefore(writersDone));
        jobs.sort(Comparator.comparing(j -> j.startedAt().orElseThrow()));
        for (int i = 1; i < jobs.size(); i++) {
            Job before = jobs.get(i - 1);
            Job after = jobs.get(i);
            assertThat(after.startedAt().orElseThrow()).as("compaction " + after.id() + " of " + table
                    + " started before " + before.id() + " ended").isAfterOrEqualTo(before.finishedAt().orElseThrow());
        }
    }
}
