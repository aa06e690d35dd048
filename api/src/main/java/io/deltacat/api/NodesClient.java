package io.deltacat.api;

import io.deltacat.api.model.Job;
import io.deltacat.api.model.Node;
import io.deltacat.api.options.NodeOptions;
import java.util.List;
import java.util.function.Consumer;

/**
 * What every kind of pipeline node offers; {@link SubscriptionsClient}, {@link TransformsClient} and
 * {@link PublicationsClient} add their own calls. A node's run is a job of {@link JobsClient}: claim
 * it by the node's worker tags ({@code node:<id>} for dispatch mode {@code local}).
 */
@Evolving
public interface NodesClient {
    /**
     * Creates a node of this client's kind.
     *
     * @throws io.deltacat.api.error.AlreadyExistsException when a node has this id
     * @throws io.deltacat.api.error.NotFoundException when a source or sink table does not exist
     * @throws io.deltacat.api.error.InvalidRequestException for a bad trigger, cron expression, time
     *         zone or mode, or a node that would close a cycle (the message names it)
     * @throws io.deltacat.api.error.UnsupportedFeatureException for dispatch mode {@code ray}
     */
    Node create(Consumer<NodeOptions.Builder> options);

    /** @throws io.deltacat.api.error.NotFoundException when no node of this kind has the id */
    Node get(String id);

    /** Every node of this kind, by id. */
    List<Node> list();

    /** Deletes the node (its pending run is cancelled; refused while a run is held by a worker). */
    void delete(String id);

    /**
     * Creates a run of the node now, or returns its pending/running run; the node may be of any
     * kind, whichever sub-client is asked (as the Python client's {@code subscriptions.trigger}
     * triggers transforms too). The run is a job whose {@link Job#type()} is the node's kind.
     *
     * <pre>{@code
     * Job run = client.subscriptions().trigger("clean");   // "clean" is a transform
     * }</pre>
     *
     * @throws io.deltacat.api.error.NotFoundException when no node has the id
     */
    Job trigger(String id);

    /** Stops creating runs for the node (its schedule and events are ignored until resumed). */
    Node pause(String id);

    /** Resumes the node; an event-triggered node with unconsumed deltas gets a run at once. */
    Node resume(String id);

    /**
     * Runs the node's runs in this JVM (dispatch mode {@code local}, or {@code custom} with this
     * node's tags): a {@link Worker} that claims them by the node's worker tags, heartbeats while
     * {@code handler} runs and completes each run with the handler's {@link
     * io.deltacat.api.model.NodeResult}, or fails the attempt when it throws. Close it to stop.
     *
     * <pre>{@code
     * try (Worker w = client.subscriptions().worker("audit", run -> {
     *     long n = 0;
     *     try (ArrowReader r = client.subscriptions().readNew(run)) {
     *         while (r.loadNextBatch()) { n += r.getVectorSchemaRoot().getRowCount(); }
     *     }
     *     return NodeResult.of(n);
     * })) { ... }
     * }</pre>
     */
    Worker worker(String nodeId, NodeHandler handler);
}
