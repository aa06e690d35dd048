package io.deltacat.server.internal.pipelines;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.server.internal.pipelines.PipelineModel.Graph;
import io.deltacat.server.internal.pipelines.PipelineModel.Node;
import io.deltacat.server.internal.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The graph of nodes: one node is upstream of another when a sink of the first is a source of the
 * second. Pipelines are its connected components, run in topological order; a cycle would make a
 * node's output its own input, so it is refused wherever it could appear.
 */
public final class PipelineGraph {
    private final Database db;
    private final NodeStore store;

    PipelineGraph(Database db, NodeStore store) {
        this.db = db;
        this.store = store;
    }

    /** The connected component of the seeds (nodes joined by a sink of one being a source of another). */
    public Graph discover(Collection<String> seeds) throws SQLException {
        if (seeds.isEmpty()) {
            throw new InvalidRequestException("discover needs at least one seed node id");
        }
        return db.tx(c -> discover(c, seeds));
    }

    Graph discover(Connection c, Collection<String> seeds) throws SQLException {
        Map<String, Node> all = new LinkedHashMap<>();
        store.all(c).forEach(n -> all.put(n.id(), n));
        for (String s : seeds) {
            if (!all.containsKey(s)) {
                throw new NotFoundException("node '" + s + "' does not exist");
            }
        }
        Set<String> component = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(seeds);
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (!component.add(id)) {
                continue;
            }
            Node n = all.get(id);
            for (Node o : all.values()) {
                if (!component.contains(o.id()) && (joined(n, o) || joined(o, n))) {
                    todo.push(o.id());
                }
            }
        }
        return of(component.stream().map(all::get).toList());
    }

    private static boolean joined(Node upstream, Node downstream) {
        return upstream.sinks().stream().anyMatch(downstream.sources()::contains);
    }

    /** Topological order (ties by id); an error naming the cycle when there is one. */
    static Graph of(List<Node> nodes) {
        List<String> cycle = findCycle(nodes);
        if (!cycle.isEmpty()) {
            throw new InvalidRequestException("the nodes form a cycle: " + String.join(" -> ", cycle));
        }
        Map<String, Integer> indegree = new TreeMap<>();
        nodes.forEach(n -> indegree.put(n.id(), 0));
        for (Node a : nodes) {
            for (Node b : nodes) {
                if (a != b && joined(a, b)) {
                    indegree.merge(b.id(), 1, Integer::sum);
                }
            }
        }
        Map<String, Node> byId = new HashMap<>();
        nodes.forEach(n -> byId.put(n.id(), n));
        TreeSet<String> ready = new TreeSet<>();
        indegree.forEach((id, d) -> {
            if (d == 0) {
                ready.add(id);
            }
        });
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String id = ready.pollFirst();
            order.add(id);
            for (Node b : nodes) {
                if (!b.id().equals(id) && joined(byId.get(id), b) && indegree.merge(b.id(), -1, Integer::sum) == 0) {
                    ready.add(b.id());
                }
            }
        }
        return new Graph(List.copyOf(new TreeSet<>(indegree.keySet())), order);
    }

    /** A cycle as node ids (first repeated at the end), or empty. */
    static List<String> findCycle(List<Node> nodes) {
        Map<String, Integer> state = new HashMap<>();
        Map<String, Node> byId = new TreeMap<>();
        nodes.forEach(n -> byId.put(n.id(), n));
        for (String start : byId.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> found = dfs(start, byId, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> dfs(String id, Map<String, Node> byId, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(id);
        if (s != null && s == 2) {
            return List.of();
        }
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
            cycle.add(id);
            return cycle;
        }
        state.put(id, 1);
        path.add(id);
        for (Node b : byId.values()) {
            if (!b.id().equals(id) && joined(byId.get(id), b)) {
                List<String> found = dfs(b.id(), byId, state, path);
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        path.remove(path.size() - 1);
        state.put(id, 2);
        return List.of();
    }
}
