package io.deltacat.compat.internal;

import static io.deltacat.compat.internal.Checks.check;
import static io.deltacat.compat.internal.Checks.equal;

import io.deltacat.api.DeltacatClient;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.JobState;
import io.deltacat.api.model.Node;
import io.deltacat.api.model.PipelineStatus;
import io.deltacat.api.model.TableRef;
import io.deltacat.api.model.Trigger;
import io.deltacat.api.model.WriteMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/** Scenarios of pipelines: an event-triggered subscription run end to end, and schedules. */
final class PipelineScenarios {
    private PipelineScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
                Scenario.writing("pipelines/subscription", "a commit to a source triggers a run of its subscription that"
                        + " reads exactly the new rows; pipeline status, pause and resume", List.of("catalog",
                        "staged-writes", "read-plan", "jobs", "pipelines"), PipelineScenarios::subscription),
                Scenario.writing("pipelines/schedules", "interval and cron (with time zone) triggers compute their next"
                        + " fire time", List.of("catalog", "pipelines"), PipelineScenarios::schedules));
    }

    private static void deleteNodeAtCleanup(ScenarioContext ctx, String id) {
        ctx.onCleanup("delete node " + id, () -> {
            try {
                ctx.client().subscriptions().delete(id);
            } catch (NotFoundException gone) {
                // already deleted
            }
        });
    }

    private static void subscription(ScenarioContext ctx) throws Exception {
        DeltacatClient client = ctx.client();
        String ns = ctx.namespace();
        client.catalog().createTable(o -> o.namespace(ns).table("source").schema(Data.PEOPLE));
        String nodeId = ctx.unique("sub");
        String pipelineId = ctx.unique("pipeline");
        client.subscriptions().create(s -> s.id(nodeId).type("compat").source(ns, "source").trigger(Trigger.event())
                .leaseDuration(Duration.ofMinutes(1)));
        deleteNodeAtCleanup(ctx, nodeId);
        client.pipelines().create(pipelineId, "compat runbook", List.of(nodeId));
        ctx.onCleanup("delete pipeline " + pipelineId, () -> client.pipelines().delete(pipelineId));

        try (VectorSchemaRoot batch = Data.people(client.allocator(), Data.firstPeople(1, 3))) {
            client.catalog().write(batch, w -> w.namespace(ns).table("source").mode(WriteMode.APPEND));
        }
        ClaimedJob run = claimRun(client, nodeId, Duration.ofSeconds(20));
        List<List<Object>> seen = new ArrayList<>();
        try (ArrowReader r = client.subscriptions().readNew(run)) {
            while (r.loadNextBatch()) {
                seen.addAll(Data.rows(r.getVectorSchemaRoot()));
            }
        }
        seen.sort((a, b) -> Long.compare((Long) a.get(0), (Long) b.get(0)));
        equal(Data.firstPeople(1, 3), seen, "rows the run read as new");
        equal(JobState.SUCCEEDED, client.subscriptions().complete(run, seen.size()).state(), "run state after complete");

        PipelineStatus status = client.pipelines().status(pipelineId);
        equal(1, status.nodes().size(), "nodes in the pipeline's status");
        PipelineStatus.NodeStatus node = status.nodes().get(0);
        equal(nodeId, node.nodeId(), "node of the status");
        equal(Optional.of(run.id()), node.lastRun().map(j -> j.id()), "last run in the status");
        check(node.lag().stream().allMatch(l -> l.deltasBehind() == 0), "the node should be caught up: " + node.lag());

        client.pipelines().pause(pipelineId);
        equal("paused", client.pipelines().status(pipelineId).nodes().get(0).state(), "node state after pause");
        client.pipelines().resume(pipelineId);
        equal("active", client.pipelines().status(pipelineId).nodes().get(0).state(), "node state after resume");
    }

    private static ClaimedJob claimRun(DeltacatClient client, String nodeId, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            Optional<ClaimedJob> run = client.jobs().claim(c -> c.types("subscription").workerTags("node:" + nodeId));
            if (run.isPresent()) {
                return run.get();
            }
            Thread.sleep(200);
        }
        throw new CheckFailure("no run of subscription " + nodeId + " appeared within " + within + " of the commit");
    }

    private static void schedules(ScenarioContext ctx) {
        DeltacatClient client = ctx.client();
        String ns = ctx.namespace();
        client.catalog().createTable(o -> o.namespace(ns).table("ticks").schema(Data.PEOPLE));
        String hourly = ctx.unique("hourly");
        String nine = ctx.unique("nine");
        Instant before = Instant.now();
        Node every = client.subscriptions().create(s -> s.id(hourly).source(ns, "ticks")
                .trigger(Trigger.every(Duration.ofHours(1))));
        deleteNodeAtCleanup(ctx, hourly);
        Instant next = every.nextFireAt().orElseThrow(() -> new CheckFailure("an interval node has no next fire time"));
        check(!next.isBefore(before.plus(Duration.ofMinutes(59))) && !next.isAfter(Instant.now().plus(Duration.ofMinutes(61))),
                "next fire of an hourly node should be about an hour from now, was " + next);
        ZoneId zone = ZoneId.of("America/New_York");
        Node cron = client.subscriptions().create(s -> s.id(nine).source(ns, "ticks").trigger(Trigger.cron("0 9 * * *", zone)));
        deleteNodeAtCleanup(ctx, nine);
        ZonedDateTime fire = cron.nextFireAt().orElseThrow(() -> new CheckFailure("a cron node has no next fire time"))
                .atZone(zone);
        equal(9, fire.getHour(), "hour of the next 9am fire in " + zone);
        equal(0, fire.getMinute(), "minute of the next 9am fire");
        equal(Optional.of(zone), cron.trigger().timezone(), "time zone read back");
        equal(List.of(TableRef.of(ns, "ticks")), cron.sourceTables(), "sources read back");
    }
}
