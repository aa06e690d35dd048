package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.DeltacatClient;
import io.deltacat.api.error.AlreadyExistsException;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobState;
import io.deltacat.api.model.Node;
import io.deltacat.api.model.NodeKind;
import io.deltacat.api.model.Pipeline;
import io.deltacat.api.model.PipelineGraph;
import io.deltacat.api.model.PipelineStatus;
import io.deltacat.api.model.StagedOutput;
import io.deltacat.api.model.TableRef;
import io.deltacat.api.model.Trigger;
import io.deltacat.api.model.Watermark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.util.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipelines end to end over real HTTP and real tables: publication -> transform -> subscription,
 * with crashes, a restart, redrive, rollback, schedules on a controlled clock and bad input.
 */
class PipelinesEndToEndTest {
    static final TableRef RAW = TableRef.of("raw");
    static final TableRef CLEAN = TableRef.of("clean");
    static final Duration LEASE = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    Fixture fx;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private DeltacatClient client() {
        return fx.client;
    }

    /** Creates raw and clean, and the nodes ingest (publication) -> clean (transform) -> audit (subscription). */
    private void createPipeline() {
        client().catalog().createTable(t -> t.table("raw").schema(Cats.SCHEMA));
        client().catalog().createTable(t -> t.table("clean").schema(Cats.SCHEMA));
        client().publications().create(p -> p.id("ingest").type("generator").sinkTables(RAW).leaseDuration(LEASE));
        client().transforms().create(t -> t.id("clean").type("upper").sourceTables(RAW).sinkTables(CLEAN)
                .leaseDuration(LEASE));
        client().subscriptions().create(s -> s.id("audit").type("auditor").sourceTables(CLEAN)
                .leaseDuration(LEASE));
    }

    private ClaimedJob claim(String nodeId) {
        return client().jobs().claim(c -> c.workerTags("node:" + nodeId)).orElseThrow(
                () -> new AssertionError("no run of node " + nodeId + " to claim"));
    }

    private Optional<ClaimedJob> tryClaim(String nodeId) {
        return client().jobs().claim(c -> c.workerTags("node:" + nodeId));
    }

    /** Publishes ids [start, start + n) into raw through a publication run. */
    private void publish(long start, int n) {
        Job run = client().publications().run("ingest");
        assertThat(run.type()).isEqualTo("publication");
        ClaimedJob job = claim("ingest");
        StagedOutput out;
        try (VectorSchemaRoot batch = Cats.generated(fx.allocator, start, n)) {
            out = client().publications().stage(job, batch, w -> w.table("raw"));
        }
        assertThat(client().publications().complete(job, n, List.of(out)).state()).isEqualTo(JobState.SUCCEEDED);
    }

    /** The transform: names upper-cased, ages doubled. */
    private static List<List<Object>> transform(List<List<Object>> rows) {
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> r : rows) {
            out.add(Rows.row(r.get(0), r.get(1) == null ? null : r.get(1).toString().toUpperCase(),
                    r.get(2) == null ? null : (Long) r.get(2) * 2));
        }
        return out;
    }

    private VectorSchemaRoot batch(List<List<Object>> rows) {
        long[] ids = new long[rows.size()];
        String[] names = new String[rows.size()];
        Long[] ages = new Long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            ids[i] = (Long) rows.get(i).get(0);
            names[i] = (String) rows.get(i).get(1);
            ages[i] = (Long) rows.get(i).get(2);
        }
        return Cats.of(fx.allocator, ids, names, ages);
    }

    private static List<List<Object>> drain(ArrowReader reader) {
        List<List<Object>> rows = new ArrayList<>();
        try (reader) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                for (int i = 0; i < root.getRowCount(); i++) {
                    List<Object> row = new ArrayList<>();
                    for (FieldVector v : root.getFieldVectors()) {
                        Object o = v.getObject(i);
                        row.add(o instanceof Text ? o.toString() : o);
                    }
                    rows.add(row);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Runs the transform's pending run: reads the new raw deltas, writes them transformed, completes. */
    private List<List<Object>> runTransform() {
        ClaimedJob job = claim("clean");
        List<List<Object>> out = transform(drain(client().transforms().readNew(job)));
        StagedOutput staged;
        try (VectorSchemaRoot b = batch(out)) {
            staged = client().transforms().stage(job, b, w -> w.table("clean"));
        }
        assertThat(client().transforms().complete(job, out.size(), List.of(staged)).state())
                .isEqualTo(JobState.SUCCEEDED);
        return out;
    }

    private List<List<Object>> runSubscription() {
        ClaimedJob job = claim("audit");
        List<List<Object>> rows = drain(client().subscriptions().readNew(job));
        assertThat(client().subscriptions().complete(job, rows.size()).state()).isEqualTo(JobState.SUCCEEDED);
        return rows;
    }

    private static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparingLong(r -> (Long) r.get(0)));
        return copy;
    }

    @Test
    void dataWrittenAtTheRootArrivesTransformedAtTheLeafExactlyOnce() {
        fx = new Fixture(dir);
        createPipeline();
        List<List<Object>> delivered = new ArrayList<>();
        List<List<Object>> expected = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            long start = round * 10L;
            publish(start, 10);
            expected.addAll(transform(Rows.of(readIds(start, 10))));
            if (round == 6) {
                // the server restarts with the transform's run pending
                fx.restart();
            }
            if (round % 7 == 3) {
                // the transform worker crashes after staging its output, before completing
                ClaimedJob crashed = claim("clean");
                List<List<Object>> out = transform(drain(client().transforms().readNew(crashed)));
                StagedOutput staged;
                try (VectorSchemaRoot b = batch(out)) {
                    staged = client().transforms().stage(crashed, b, w -> w.table("clean"));
                }
                fx.clock.advance(LEASE.multipliedBy(2));
                fx.server.runMaintenance();             // its lease lapsed: back to pending after the backoff
                fx.clock.advance(Duration.ofSeconds(5));
                List<List<Object>> retried = runTransform();
                assertThat(retried).isEqualTo(out);
                // the stale worker wakes up: its completion is refused and commits nothing
                assertThatThrownBy(() -> client().transforms().complete(crashed, out.size(), List.of(staged)))
                        .isInstanceOf(ConflictException.class).hasMessageContaining("stale");
            } else {
                runTransform();
            }
            if (round == 11 || round == 16) {
                // the server restarts between the transform and the subscription
                fx.restart();
            }
            List<List<Object>> got = runSubscription();
            assertThat(got).as("round %d", round).hasSize(10);
            delivered.addAll(got);
            assertThat(tryClaim("audit")).as("no second run after round %d", round).isEmpty();
            assertThat(tryClaim("clean")).isEmpty();
        }
        assertThat(sorted(delivered)).isEqualTo(sorted(expected));
        assertThat(sorted(Rows.of(client().catalog().readAll(q -> q.table("clean"))))).isEqualTo(sorted(expected));
        PipelineStatus status = statusOf();
        assertThat(status.nodes()).extracting(PipelineStatus.NodeStatus::nodeId)
                .containsExactly("ingest", "clean", "audit");
        assertThat(status.nodes().get(2).lag()).singleElement().satisfies(l -> {
            assertThat(l.deltasBehind()).isZero();
            assertThat(l.watermark()).isEqualTo(l.latest());
        });
    }

    private org.apache.arrow.vector.table.Table readIds(long start, int n) {
        return client().catalog().readAll(q -> q.table("raw").filter(
                io.deltacat.api.expr.Predicate.and(io.deltacat.api.expr.Predicate.ge("id", start),
                        io.deltacat.api.expr.Predicate.lt("id", start + n))));
    }

    private java.net.http.HttpResponse<String> post(String path, String body) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    fx.server.uri().resolve(path)).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private PipelineStatus statusOf() {
        if (client().pipelines().list().stream().noneMatch(p -> p.id().equals("cats"))) {
            client().pipelines().createSeeded("cats", "Cats", List.of("audit"));
        }
        return client().pipelines().status("cats");
    }

    @Test
    void redriveAndRollbackReproduceEarlierOutputs() {
        fx = new Fixture(dir);
        createPipeline();
        List<List<List<Object>>> transformed = new ArrayList<>();
        List<List<List<Object>>> delivered = new ArrayList<>();
        List<Watermark> subscriptionMarks = new ArrayList<>();
        List<Watermark> transformMarks = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            subscriptionMarks.add(client().subscriptions().getWatermark("audit"));
            transformMarks.add(client().transforms().getWatermark("clean"));
            publish(round * 10L, 10);
            transformed.add(runTransform());
            delivered.add(runSubscription());
        }
        assertThat(subscriptionMarks.get(0).position(CLEAN)).isZero();
        assertThat(subscriptionMarks.get(3).position(CLEAN)).isGreaterThan(subscriptionMarks.get(2).position(CLEAN));

        // redrive from before round 2: the next run delivers rounds 2 and 3 again, in order
        Job redrive = client().subscriptions().redrive("audit", subscriptionMarks.get(2)).orElseThrow();
        assertThat(redrive.context()).containsEntry("reason", "redrive");
        List<List<Object>> again = runSubscription();
        List<List<Object>> rounds23 = new ArrayList<>(delivered.get(2));
        rounds23.addAll(delivered.get(3));
        assertThat(again).isEqualTo(rounds23);

        // moving a watermark forward is refused and changes nothing
        Watermark now = client().subscriptions().getWatermark("audit");
        assertThatThrownBy(() -> client().subscriptions().redrive("audit",
                Watermark.of(CLEAN, now.position(CLEAN) + 1))).isInstanceOf(InvalidRequestException.class);
        assertThat(client().subscriptions().getWatermark("audit")).isEqualTo(now);

        // roll the transform back to before round 1: its next run reproduces rounds 1..3
        assertThat(client().transforms().rollback("clean", transformMarks.get(1))).isPresent();
        List<List<Object>> reproduced = runTransform();
        List<List<Object>> rounds123 = new ArrayList<>();
        transformed.subList(1, 4).forEach(rounds123::addAll);
        assertThat(reproduced).isEqualTo(rounds123);
        assertThat(client().transforms().getWatermark("clean").position(RAW))
                .isEqualTo(client().catalog().getTable("default", "raw").latestCommitTime().getAsLong());
        // ... and the subscription downstream gets the reproduced output as new data
        assertThat(runSubscription()).isEqualTo(rounds123);
    }

    @Test
    void discoverPipelinesStatusPauseAndResume() {
        fx = new Fixture(dir);
        createPipeline();
        PipelineGraph g = client().pipelines().discover(List.of("audit"));
        assertThat(g.nodeIds()).containsExactly("audit", "clean", "ingest");
        assertThat(g.executionOrder()).containsExactly("ingest", "clean", "audit");

        Pipeline pinned = client().pipelines().create("cats", "Cats", List.of("clean", "audit"));
        assertThat(pinned.pinned()).isTrue();
        assertThat(pinned.graph().executionOrder()).containsExactly("clean", "audit");
        Pipeline seeded = client().pipelines().createSeeded("all", "All", List.of("ingest"));
        assertThat(seeded.graph().executionOrder()).containsExactly("ingest", "clean", "audit");
        assertThat(client().pipelines().list()).extracting(Pipeline::id).containsExactly("all", "cats");
        assertThatThrownBy(() -> client().pipelines().create("cats", "again", List.of("audit")))
                .isInstanceOf(AlreadyExistsException.class);

        // pause all: a plain write to raw creates no run
        client().pipelines().pause("all");
        assertThat(client().transforms().get("clean").paused()).isTrue();
        try (VectorSchemaRoot b = Cats.generated(fx.allocator, 0, 5)) {
            client().catalog().write(b, w -> w.table("raw"));
        }
        fx.server.runScheduler();
        assertThat(tryClaim("clean")).isEmpty();
        PipelineStatus paused = client().pipelines().status("all");
        assertThat(paused.nodes()).extracting(PipelineStatus.NodeStatus::state).containsOnly("paused");
        assertThat(paused.nodes().get(1).lag()).singleElement().satisfies(l -> assertThat(l.deltasBehind()).isOne());
        assertThat(paused.nodes().get(1).lastRun()).isEmpty();

        // resume: the transform catches up by itself
        client().pipelines().resume("all");
        List<List<Object>> out = runTransform();
        assertThat(out).hasSize(5);
        assertThat(runSubscription()).isEqualTo(out);
        PipelineStatus resumed = client().pipelines().status("all");
        assertThat(resumed.nodes().get(1).lastRun()).hasValueSatisfying(j ->
                assertThat(j.state()).isEqualTo(JobState.SUCCEEDED));
        assertThat(resumed.nodes().get(2).kind()).isEqualTo(NodeKind.SUBSCRIPTION);

        client().pipelines().delete("cats");
        assertThatThrownBy(() -> client().pipelines().get("cats")).isInstanceOf(NotFoundException.class);
        assertThat(client().transforms().get("clean")).isNotNull(); // nodes stay
    }

    @Test
    void intervalAndCronSchedulesFireAtTheRightInstants() {
        fx = new Fixture(dir, b -> b.schedulerInterval(Duration.ofHours(1)));
        Instant t0 = Instant.parse("2026-01-15T13:58:00Z");
        fx.clock.freezeAt(t0);
        client().catalog().createTable(t -> t.table("raw").schema(Cats.SCHEMA));
        Node every = client().subscriptions().create(s -> s.id("every-minute").sourceTables(RAW)
                .trigger(Trigger.every(Duration.ofSeconds(60))));
        assertThat(every.nextFireAt()).contains(t0.plusSeconds(60));
        // 09:00 in New York is 14:00 UTC in January
        Node cron = client().subscriptions().create(s -> s.id("nine-am").sourceTables(RAW)
                .trigger(Trigger.cron("0 9 * * *", ZoneId.of("America/New_York"))));
        assertThat(cron.nextFireAt()).contains(Instant.parse("2026-01-15T14:00:00Z"));
        assertThat(cron.trigger().timezone()).contains(ZoneId.of("America/New_York"));

        fx.clock.advance(Duration.ofSeconds(59));
        fx.server.runScheduler();
        assertThat(tryClaim("every-minute")).isEmpty();
        fx.clock.advance(Duration.ofSeconds(1));
        fx.server.runScheduler();
        ClaimedJob first = claim("every-minute");
        assertThat(first.job().context()).containsEntry("reason", "schedule");

        // while the run is held, the next fire creates no second run
        fx.clock.advance(Duration.ofSeconds(60));
        fx.server.runScheduler();
        assertThat(tryClaim("every-minute")).isEmpty();
        assertThat(client().subscriptions().complete(first, 0).state()).isEqualTo(JobState.SUCCEEDED);

        // the cron node fired at 14:00 too (the clock is now 14:00:00)
        ClaimedJob nine = claim("nine-am");
        client().subscriptions().complete(nine, 0);
        assertThat(client().subscriptions().get("nine-am").nextFireAt())
                .contains(Instant.parse("2026-01-16T14:00:00Z"));

        // downtime of ten minutes: one catch-up run, then the next fire after now
        Instant before = client().subscriptions().get("every-minute").nextFireAt().orElseThrow();
        fx.restart();
        assertThat(client().subscriptions().get("every-minute").nextFireAt()).contains(before);
        fx.clock.advance(Duration.ofMinutes(10));
        fx.server.runScheduler();
        fx.server.runScheduler();
        ClaimedJob catchUp = claim("every-minute");
        assertThat(tryClaim("every-minute")).isEmpty();
        client().subscriptions().complete(catchUp, 0);
        Instant now = fx.clock.instant();
        Instant next = client().subscriptions().get("every-minute").nextFireAt().orElseThrow();
        assertThat(next).isAfter(now).isBeforeOrEqualTo(now.plusSeconds(60));
        assertThat(Duration.between(t0, next).toSeconds() % 60).isZero();

        // a scheduled publication (no sources) gets a run at each fire
        client().publications().create(p -> p.id("hourly").sinkTables(RAW).trigger(Trigger.every(Duration.ofHours(1))));
        assertThat(tryClaim("hourly")).isEmpty();
        fx.clock.advance(Duration.ofHours(1));
        fx.server.runScheduler();
        ClaimedJob hourly = claim("hourly");
        assertThat(hourly.job().type()).isEqualTo("publication");
        assertThat(client().publications().complete(hourly, 0, List.of()).state()).isEqualTo(JobState.SUCCEEDED);
        ClaimedJob afterHour = claim("every-minute");                 // it was due too
        client().subscriptions().complete(afterHour, 0);

        // paused nodes are not scheduled
        client().subscriptions().pause("every-minute");
        fx.clock.advance(Duration.ofMinutes(5));
        fx.server.runScheduler();
        assertThat(tryClaim("every-minute")).isEmpty();
        client().subscriptions().resume("every-minute");
        assertThat(client().subscriptions().get("every-minute").nextFireAt().orElseThrow())
                .isAfter(fx.clock.instant());
    }

    @Test
    void sinkCommitsAndWatermarkAdvanceAreAllOrNothing() throws Exception {
        fx = new Fixture(dir);
        createPipeline();
        publish(0, 10);
        ClaimedJob job = claim("clean");
        Watermark before = client().transforms().getWatermark("clean");
        List<List<Object>> out = transform(drain(client().transforms().readNew(job)));
        StagedOutput good;
        StagedOutput broken;
        try (VectorSchemaRoot b = batch(out)) {
            good = client().transforms().stage(job, b, w -> w.table("clean"));
            broken = client().transforms().stage(job, b, w -> w.table("clean"));
        }
        // one of the two outputs loses its staged file: the completion commits neither, ends nothing
        String brokenStaging = fx.tableDataUri("default", "clean") + broken.writeId() + "/";
        assertThat(Fixture.storage(brokenStaging).list(brokenStaging)).isNotEmpty();
        Fixture.storage(brokenStaging).deletePrefix(brokenStaging);
        assertThatThrownBy(() -> client().transforms().complete(job, 10, List.of(good, broken)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("does not exist");
        assertThat(client().transforms().getWatermark("clean")).isEqualTo(before);
        assertThat(client().catalog().getTable("default", "clean").rowCount()).isZero();
        assertThat(client().jobs().get(job.id()).state()).isEqualTo(JobState.CLAIMED);
        assertThat(tryClaim("audit")).as("no downstream run without the commit").isEmpty();
        // a prepared write never commits on its own
        java.net.http.HttpResponse<String> direct = post("/v1/writes/" + good.writeId() + "/commit",
                "{\"commitId\":\"direct\",\"files\":[]}");
        assertThat(direct.statusCode()).isEqualTo(409);
        assertThat(direct.body()).contains("prepared for job");
        // the same run completes with the good output alone: commit, watermark and downstream run together
        assertThat(client().transforms().complete(job, 10, List.of(good)).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(client().transforms().getWatermark("clean").position(RAW)).isGreaterThan(before.position(RAW));
        assertThat(sorted(Rows.of(client().catalog().readAll(q -> q.table("clean"))))).isEqualTo(sorted(out));
        assertThat(runSubscription()).isEqualTo(out);
        // a failed run leaves the watermark alone, and the retry sees the same data
        publish(10, 5);
        ClaimedJob failing = claim("clean");
        Watermark kept = client().transforms().getWatermark("clean");
        List<List<Object>> seen = drain(client().transforms().readNew(failing));
        client().jobs().fail(failing, "transform crashed", true);
        assertThat(client().transforms().getWatermark("clean")).isEqualTo(kept);
        fx.clock.advance(Duration.ofSeconds(5));
        ClaimedJob retry = claim("clean");
        assertThat(retry.id()).isEqualTo(failing.id());
        assertThat(drain(client().transforms().readNew(retry))).isEqualTo(seen);
    }

    @Test
    void localWorkersRunTheWholePipelineByThemselves() throws Exception {
        fx = new Fixture(dir);
        createPipeline();
        List<List<Object>> delivered = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();
        try (var ingest = client().publications().worker("ingest", run -> {
                 long start = next.getAndAdd(10);
                 try (VectorSchemaRoot b = Cats.generated(fx.allocator, start, 10)) {
                     return io.deltacat.api.model.NodeResult.of(10,
                             client().publications().stage(run, b, w -> w.table("raw")));
                 }
             });
             var clean = client().transforms().worker("clean", run -> {
                 List<List<Object>> out = transform(drain(client().transforms().readNew(run)));
                 try (VectorSchemaRoot b = batch(out)) {
                     return io.deltacat.api.model.NodeResult.of(out.size(),
                             client().transforms().stage(run, b, w -> w.table("clean")));
                 }
             });
             var audit = client().subscriptions().worker("audit", run -> {
                 List<List<Object>> rows = drain(client().subscriptions().readNew(run));
                 delivered.addAll(rows);
                 return io.deltacat.api.model.NodeResult.of(rows.size());
             })) {
            for (int i = 0; i < 3; i++) {
                Job run = client().publications().run("ingest");
                assertThat(client().jobs().waitFor(run.id(), Duration.ofSeconds(30)).state())
                        .isEqualTo(JobState.SUCCEEDED);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (delivered.size() < 30 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        List<List<Object>> expected = new ArrayList<>();
        try (VectorSchemaRoot all = Cats.generated(fx.allocator, 0, 30)) {
            for (int i = 0; i < 30; i++) {
                expected.add(Rows.row(all.getVector("id").getObject(i), all.getVector("name").getObject(i).toString(),
                        all.getVector("age").getObject(i)));
            }
        }
        assertThat(sorted(delivered)).isEqualTo(sorted(transform(expected)));
    }

    @Test
    void versionModeDeliversTheTableAtTheNewVersion() {
        fx = new Fixture(dir);
        client().catalog().createTable(t -> t.table("raw").schema(Cats.SCHEMA));
        client().subscriptions().create(s -> s.id("snap").mode("version").sourceTables(RAW));
        try (VectorSchemaRoot b = Cats.generated(fx.allocator, 0, 4)) {
            client().catalog().write(b, w -> w.table("raw"));
        }
        ClaimedJob first = claim("snap");
        assertThat(drain(client().subscriptions().readNew(first))).hasSize(4);
        client().subscriptions().complete(first, 4);
        try (VectorSchemaRoot b = Cats.generated(fx.allocator, 4, 3)) {
            client().catalog().write(b, w -> w.table("raw"));
        }
        ClaimedJob second = claim("snap");
        assertThat(client().subscriptions().inputs(second)).singleElement().satisfies(in -> {
            assertThat(in.fromPosition()).isPositive();
            assertThat(in.toPosition()).isGreaterThan(in.fromPosition());
        });
        assertThat(drain(client().subscriptions().readNew(second))).as("the whole table at the new version")
                .hasSize(7);
        client().subscriptions().complete(second, 7);
    }

    @Test
    void customDispatchRunsAreClaimedByTheNodeTags() {
        fx = new Fixture(dir);
        client().catalog().createTable(t -> t.table("raw").schema(Cats.SCHEMA));
        Node n = client().subscriptions().create(s -> s.id("gpu-sub").sourceTables(RAW).dispatchMode("custom")
                .workerTags("gpu", "eu").dispatchConfig(java.util.Map.of("model", "small")).maxAttempts(2));
        assertThat(n.workerTags()).containsExactly("eu", "gpu");
        assertThat(n.dispatchMode()).isEqualTo("custom");
        try (VectorSchemaRoot b = Cats.generated(fx.allocator, 0, 3)) {
            client().catalog().write(b, w -> w.table("raw"));
        }
        assertThat(client().jobs().claim(c -> c.workerTags("gpu"))).as("lacks tag eu").isEmpty();
        ClaimedJob job = client().jobs().claim(c -> c.workerTags("gpu", "eu", "big")).orElseThrow();
        assertThat(job.job().type()).isEqualTo("subscription");
        assertThat(job.job().maxAttempts()).isEqualTo(2);
        assertThat(job.job().context()).containsEntry("nodeId", "gpu-sub").containsEntry("dispatch.model", "small");
        assertThat(drain(client().subscriptions().readNew(job))).hasSize(3);
        // a completion through the plain jobs API must name the run's own watermark, if any
        assertThatThrownBy(() -> client().jobs().complete(job, 3, "offset-3"))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(client().jobs().complete(job, 3, null).watermark()).isPresent();
        assertThat(client().subscriptions().getWatermark("gpu-sub").position(RAW))
                .isEqualTo(client().catalog().getTable("default", "raw").latestCommitTime().getAsLong());
    }

    @Test
    void concurrentTriggersAndCommitsNeverCreateASecondRun() throws Exception {
        fx = new Fixture(dir);
        createPipeline();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<String>> triggered = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                DeltacatClient other = fx.connect();
                int n = i;
                triggered.add(pool.submit(() -> {
                    if (n % 2 == 0) {
                        try (VectorSchemaRoot b = Cats.generated(fx.allocator, n * 100L, 2)) {
                            other.catalog().write(b, w -> w.table("raw"));
                        }
                    }
                    return other.transforms().trigger("clean").id();
                }));
            }
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (java.util.concurrent.Future<String> f : triggered) {
                ids.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(ids).as("every trigger answers the one active run").hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(client().jobs().list(l -> l.type("transform")).jobs()).hasSize(1);
        // the run is held: deleting the node is refused; then a run created after it covers the rest
        ClaimedJob job = claim("clean");
        assertThatThrownBy(() -> client().transforms().delete("clean")).isInstanceOf(ConflictException.class);
        List<List<Object>> produced = new ArrayList<>(processRun(job));
        // writes that landed after the run was created get one more run, never a lost or doubled delta
        Optional<ClaimedJob> more;
        while ((more = tryClaim("clean")).isPresent()) {
            produced.addAll(processRun(more.get()));
        }
        List<List<Object>> raw = Rows.of(client().catalog().readAll(q -> q.table("raw")));
        assertThat(raw).hasSize(8);
        assertThat(sorted(produced)).isEqualTo(sorted(transform(raw)));
        assertThat(sorted(Rows.of(client().catalog().readAll(q -> q.table("clean"))))).isEqualTo(sorted(produced));
    }

    /** Transforms a claimed run's new data and completes it (with no output when there is none). */
    private List<List<Object>> processRun(ClaimedJob job) {
        List<List<Object>> out = transform(drain(client().transforms().readNew(job)));
        List<StagedOutput> staged = new ArrayList<>();
        if (!out.isEmpty()) {
            try (VectorSchemaRoot b = batch(out)) {
                staged.add(client().transforms().stage(job, b, w -> w.table("clean")));
            }
        }
        assertThat(client().transforms().complete(job, out.size(), staged).state()).isEqualTo(JobState.SUCCEEDED);
        return out;
    }

    @Test
    void badInputIsRefusedWithTypedErrorsAndCreatesNothing() {
        fx = new Fixture(dir);
        client().catalog().createTable(t -> t.table("a").schema(Cats.SCHEMA));
        client().catalog().createTable(t -> t.table("b").schema(Cats.SCHEMA));
        assertThatThrownBy(() -> client().subscriptions().create(s -> s.id("s1").source("default", "nope")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> client().transforms().create(t -> t.id("t0").source("default", "a")
                .sink("ghost", "b"))).isInstanceOf(NotFoundException.class);
        client().transforms().create(t -> t.id("t1").source("default", "a").sink("default", "b"));
        assertThatThrownBy(() -> client().subscriptions().create(s -> s.id("t1").source("default", "a")))
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> client().transforms().create(t -> t.id("t2").source("default", "b")
                .sink("default", "a"))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("cycle").hasMessageContaining("t1").hasMessageContaining("t2");
        assertThatThrownBy(() -> client().subscriptions().create(s -> s.id("s2").source("default", "a")
                .trigger(Trigger.cron("61 * * * *")))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("cron");
        // an unknown time zone, sent as the wire allows (the Java API takes a ZoneId)
        java.net.http.HttpResponse<String> badZone = post("/v1/nodes", "{\"id\":\"s6\",\"kind\":\"subscription\","
                + "\"sourceTables\":[{\"namespace\":\"default\",\"table\":\"a\"}],"
                + "\"trigger\":{\"kind\":\"schedule\",\"cron\":\"0 * * * *\",\"timezone\":\"Mars/Olympus\"}}");
        assertThat(badZone.statusCode()).isEqualTo(400);
        assertThat(badZone.body()).contains("urn:deltacat:problem:invalid-request").contains("Mars/Olympus");
        client().subscriptions().create(s -> s.id("s3").source("default", "a")
                .trigger(Trigger.cron("0 * * * *", ZoneId.of("Europe/Paris"))));
        assertThatThrownBy(() -> client().subscriptions().create(s -> s.id("s4").source("default", "a")
                .dispatchMode("ray"))).isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("not available on this server");
        // the client checks the free-text options against the wire's enums before sending, in the server's words
        assertThatThrownBy(() -> client().subscriptions().create(s -> s.id("s5").source("default", "a")
                .mode("sometimes"))).isInstanceOf(InvalidRequestException.class)
                .hasMessage("unknown run mode 'sometimes'; known: delta, version");
        assertThatThrownBy(() -> client().subscriptions().create(s -> s.id("s5").source("default", "a")
                .dispatchMode("carrier-pigeon"))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("unknown dispatch mode 'carrier-pigeon'");
        // on the wire the server binds the request strictly and names the field at fault
        String source = "\"sourceTables\":[{\"namespace\":\"default\",\"table\":\"a\"}]";
        for (String[] bad : new String[][] {
                {"{\"id\":\"s7\",\"kind\":\"subscription\",\"mode\":\"sometimes\"," + source + "}", "mode"},
                {"{\"id\":\"s7\",\"kind\":\"subscription\",\"colour\":\"red\"," + source + "}", "colour"},
                {"{\"id\":\"s7\",\"kind\":\"subscription\"," + source + ",\"trigger\":{\"kind\":\"weekly\"}}",
                        "kind"},
                {"{\"id\":\"s7\",\"kind\":\"subscription\",\"sourceTables\":[{\"table\":\"a\"}]}",
                        "namespace"},
                {"{\"id\":\"s7\",\"kind\":\"subscription\",\"maxAttempts\":\"3\"," + source + "}",
                        "maxAttempts"}}) {
            java.net.http.HttpResponse<String> refused = post("/v1/nodes", bad[0]);
            assertThat(refused.statusCode()).as(bad[0]).isEqualTo(400);
            assertThat(refused.body()).as(bad[0]).contains("urn:deltacat:problem:invalid-request")
                    .contains("'" + bad[1] + "'");
        }
        assertThatThrownBy(() -> client().publications().create(p -> p.id("p1").source("default", "a")
                .sink("default", "b"))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> client().pipelines().create("p", "P", List.of("t1", "missing")))
                .isInstanceOf(NotFoundException.class);
        assertThat(client().subscriptions().list()).extracting(Node::id).containsExactly("s3");
        assertThat(client().transforms().list()).extracting(Node::id).containsExactly("t1");
        assertThat(client().publications().list()).isEmpty();
        assertThat(client().pipelines().list()).isEmpty();
        assertThatThrownBy(() -> client().subscriptions().get("t1")).isInstanceOf(NotFoundException.class);
    }
}
