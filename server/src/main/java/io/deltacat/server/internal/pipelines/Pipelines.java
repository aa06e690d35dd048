package io.deltacat.server.internal.pipelines;

import static io.deltacat.server.internal.store.Sql.bind;
import static io.deltacat.server.internal.store.Sql.update;

import io.deltacat.api.error.AlreadyExistsException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.server.internal.jobs.JobModel.JobRow;
import io.deltacat.server.internal.jobs.JobQueue;
import io.deltacat.server.internal.pipelines.PipelineModel.Graph;
import io.deltacat.server.internal.pipelines.PipelineModel.Lag;
import io.deltacat.server.internal.pipelines.PipelineModel.Node;
import io.deltacat.server.internal.pipelines.PipelineModel.NodeStatus;
import io.deltacat.server.internal.pipelines.PipelineModel.Pipeline;
import io.deltacat.server.internal.pipelines.PipelineModel.TableRef;
import io.deltacat.server.internal.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Pipelines: named sets of nodes, either pinned to a list of node ids or seeded (their members
 * re-discovered from the seeds on every read, so nodes added later join). Pausing a pipeline pauses
 * its nodes; its status is each node's last run and how far its sources are behind.
 */
public final class Pipelines {
    private final Database db;
    private final JobQueue jobs;
    private final NodeStore store;
    private final Nodes nodes;
    private final PipelineGraph graph;

    Pipelines(Database db, JobQueue jobs, NodeStore store, Nodes nodes, PipelineGraph graph) {
        this.db = db;
        this.jobs = jobs;
        this.store = store;
        this.nodes = nodes;
        this.graph = graph;
    }

    /** Creates a pipeline: pinned to {@code nodeIds}, or seeded (members re-discovered from {@code seeds}). */
    public Pipeline create(String id, String name, List<String> nodeIds, List<String> seeds)
            throws SQLException {
        Nodes.checkId(id, "pipeline id");
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new InvalidRequestException("the pipeline name must have 1..200 characters");
        }
        if (nodeIds.isEmpty() == seeds.isEmpty()) {
            throw new InvalidRequestException("a pipeline needs exactly one of nodeIds (pinned) and seedNodeIds (seeded)");
        }
        boolean pinned = !nodeIds.isEmpty();
        List<String> members = pinned ? nodeIds : seeds;
        if (new HashSet<>(members).size() != members.size()) {
            throw new InvalidRequestException("a node id is listed more than once");
        }
        Pipeline p = db.tx(c -> {
            if (pipelineRow(c, id).isPresent()) {
                throw new AlreadyExistsException("pipeline '" + id + "' already exists");
            }
            List<Node> listed = new ArrayList<>();
            for (String n : members) {
                listed.add(store.require(c, n));
            }
            if (pinned) {
                PipelineGraph.of(listed); // a cycle is an error
            } else {
                graph.discover(c, seeds);
            }
            update(c, "INSERT INTO pipelines (id, name, pinned, created_at) VALUES (?, ?, ?, ?)", id, name,
                    pinned ? 1 : 0, jobs.nowNs());
            for (String n : members) {
                update(c, "INSERT INTO pipeline_members (pipeline_id, node_id) VALUES (?, ?)", id, n);
            }
            return requirePipeline(c, id);
        });
        return p;
    }

    public Pipeline get(String id) throws SQLException {
        return db.tx(c -> requirePipeline(c, id));
    }

    public List<Pipeline> list() throws SQLException {
        return db.tx(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM pipelines ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            List<Pipeline> out = new ArrayList<>();
            for (String id : ids) {
                out.add(requirePipeline(c, id));
            }
            return out;
        });
    }

    public void delete(String id) throws SQLException {
        db.tx(c -> {
            requirePipeline(c, id);
            update(c, "DELETE FROM pipeline_members WHERE pipeline_id = ?", id);
            update(c, "DELETE FROM pipelines WHERE id = ?", id);
            return null;
        });
    }

    /** Pauses or resumes every node of a pipeline, in one transaction. */
    public Pipeline setPaused(String id, boolean paused) throws SQLException {
        Pipeline p = db.tx(c -> {
            Pipeline pipeline = requirePipeline(c, id);
            for (String n : pipeline.graph().executionOrder()) {
                nodes.setPaused(c, n, paused);
            }
            return pipeline;
        });
        jobs.notifyChanged();
        return p;
    }

    /** Each node of a pipeline (in execution order) with its last run and how far its sources are behind. */
    public List<NodeStatus> status(String id) throws SQLException {
        return db.tx(c -> {
            Pipeline p = requirePipeline(c, id);
            List<NodeStatus> out = new ArrayList<>();
            for (String nodeId : p.graph().executionOrder()) {
                Node n = store.require(c, nodeId);
                JobRow last = store.lastRun(c, nodeId);
                List<Lag> lag = new ArrayList<>();
                for (TableRef s : n.sources()) {
                    long wm = n.watermarks().getOrDefault(s, 0L);
                    lag.add(new Lag(s, wm, SourceDeltas.latestCommit(c, s), SourceDeltas.deltasAfter(c, s, wm)));
                }
                out.add(new NodeStatus(n, last, lag));
            }
            return out;
        });
    }

    private Optional<String> pipelineRow(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM pipelines WHERE id = ?")) {
            bind(ps, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private Pipeline requirePipeline(Connection c, String id) throws SQLException {
        String name;
        boolean pinned;
        long createdAt;
        try (PreparedStatement ps = c.prepareStatement("SELECT name, pinned, created_at FROM pipelines WHERE id = ?")) {
            bind(ps, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("pipeline '" + id + "' does not exist");
                }
                name = rs.getString(1);
                pinned = rs.getInt(2) == 1;
                createdAt = rs.getLong(3);
            }
        }
        List<String> members = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT node_id FROM pipeline_members WHERE pipeline_id = ? ORDER BY node_id")) {
            bind(ps, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    members.add(rs.getString(1));
                }
            }
        }
        Graph memberGraph;
        if (pinned) {
            List<Node> pinnedNodes = new ArrayList<>();
            for (String m : members) {
                store.find(c, m).ifPresent(pinnedNodes::add); // a deleted node leaves a pinned pipeline
            }
            memberGraph = PipelineGraph.of(pinnedNodes);
        } else {
            List<String> live = new ArrayList<>();
            for (String m : members) {
                if (store.find(c, m).isPresent()) {
                    live.add(m);
                }
            }
            memberGraph = live.isEmpty() ? new Graph(List.of(), List.of()) : graph.discover(c, live);
        }
        return new Pipeline(id, name, pinned, pinned ? List.of() : members, memberGraph, createdAt);
    }
}
