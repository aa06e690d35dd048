package io.deltacat.server.internal.pipelines;

import static io.deltacat.server.internal.store.Sql.bind;

import io.deltacat.server.internal.jobs.JobModel.JobRow;
import io.deltacat.server.internal.jobs.JobQueue;
import io.deltacat.server.internal.pipelines.PipelineModel.Node;
import io.deltacat.server.internal.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The periodic pass that makes runs nobody asked for: due schedules fire, and event-triggered nodes
 * whose commits were missed (e.g. across a restart, or when a commit's fan-out failed) catch up. The
 * server calls {@link #tick()} at a fixed interval; {@link Schedules} does the next-fire arithmetic.
 */
public final class Scheduler {
    private final Database db;
    private final JobQueue jobs;
    private final NodeStore store;
    private final Runs runs;

    Scheduler(Database db, JobQueue jobs, NodeStore store, Runs runs) {
        this.db = db;
        this.jobs = jobs;
        this.store = store;
        this.runs = runs;
    }

    /**
     * One scheduler pass at the clock's now: every due, unpaused schedule gets a run (unless one is
     * active) and its next fire after now (so at most one missed fire is caught up); every unpaused
     * event-triggered node with unconsumed deltas and no active run gets one.
     *
     * @return the number of runs created
     */
    public int tick() throws SQLException {
        long now = jobs.nowNs();
        List<String> due = new ArrayList<>();
        List<String> eventNodes = new ArrayList<>();
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, trigger_kind FROM pipeline_nodes WHERE paused = 0"
                    + " AND ((trigger_kind = 'schedule' AND next_fire_at <= ?) OR (trigger_kind = 'event'"
                    + " AND kind <> 'publication')) ORDER BY id")) {
                bind(ps, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        (rs.getString(2).equals("schedule") ? due : eventNodes).add(rs.getString(1));
                    }
                }
            }
            return null;
        });
        int created = 0;
        for (String id : due) {
            created += db.tx(c -> {
                store.lock(c, id);
                Optional<Node> node = store.find(c, id);
                if (node.isEmpty() || node.get().paused() || node.get().nextFireAt() == null
                        || node.get().nextFireAt() > now) {
                    return 0;
                }
                Node n = node.get();
                boolean idle = store.activeRun(c, id).isEmpty();
                Optional<JobRow> run = runs.enqueue(c, n, "schedule", false);
                long next = Schedules.nextFire(n.trigger().intervalSeconds(), n.trigger().cron(), n.trigger().timezone(),
                        n.nextFireAt(), now);
                store.setNextFire(c, id, next);
                return idle && run.isPresent() ? 1 : 0;
            });
        }
        for (String id : eventNodes) {
            created += db.tx(c -> {
                Optional<Node> node = store.find(c, id);
                if (node.isEmpty() || node.get().paused() || store.activeRun(c, id).isPresent()) {
                    return 0;
                }
                return runs.enqueue(c, node.get(), "event", true).isPresent() ? 1 : 0;
            });
        }
        if (created > 0) {
            jobs.notifyChanged();
        }
        return created;
    }
}
