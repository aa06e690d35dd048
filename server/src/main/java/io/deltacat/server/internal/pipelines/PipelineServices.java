package io.deltacat.server.internal.pipelines;

import io.deltacat.server.dispatch.RunDispatcher;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.server.internal.catalog.Catalog;
import io.deltacat.server.internal.jobs.JobServices;
import io.deltacat.server.internal.store.Database;
import io.deltacat.server.internal.store.StoredJson;

/**
 * Pipeline nodes and their runs, wired once over one database, catalog and job queue. A request goes
 * to {@link Nodes} (node definitions), {@link Pipelines} (named node sets and their status),
 * {@link PipelineGraph} (discovery), {@link Runs} (run creation, a run's inputs, fan-out on commits),
 * {@link RunCompletion} (prepared sink writes, the end of a run) or {@link Scheduler} (the periodic
 * pass); all of them read and write nodes through one {@link NodeStore}.
 */
public record PipelineServices(Nodes nodes, Pipelines pipelines, PipelineGraph graph, Runs runs,
                               RunCompletion completion, Scheduler scheduler) {

    public static PipelineServices create(Database db, Catalog catalog, JobServices jobs, ObjectMapper json,
                                          Map<String, RunDispatcher> dispatchers) {
        // values parsed here include a worker's watermark: malformed JSON is the caller's error
        StoredJson stored = new StoredJson(json,
                e -> new InvalidRequestException("malformed JSON: " + e.getOriginalMessage()));
        RunJson runJson = new RunJson(stored);
        NodeStore store = new NodeStore(jobs.queue(), stored);
        Runs runs = new Runs(db, catalog, jobs.queue(), store, new SourceDeltas(stored), runJson);
        Nodes nodes = new Nodes(db, catalog, jobs.queue(), store, runs, dispatchers);
        PipelineGraph graph = new PipelineGraph(db, store);
        return new PipelineServices(nodes, new Pipelines(db, jobs.queue(), store, nodes, graph), graph, runs,
                new RunCompletion(db, catalog, jobs.queue(), jobs.leases(), store, runs, runJson),
                new Scheduler(db, jobs.queue(), store, runs));
    }
}
