package io.deltacat.api.model;

import io.deltacat.api.Evolving;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A pipeline node as last read: a subscription, transform or publication.
 *
 * @param id             the caller-chosen id, unique across kinds
 * @param name           the human-readable display name given at creation (free text, not unique);
 *                       empty when none was given
 * @param kind           what it is
 * @param type           the caller's label (the Python client's {@code subscriber_type} and the like)
 * @param mode           {@code "delta"} (a run gets each new delta) or {@code "version"} (a run gets the
 *                       table state at the new version)
 * @param dispatchMode   {@code "local"} (claimed by a worker in the caller's JVM with tag
 *                       {@code node:<id>}) or {@code "custom"} (external workers claim by {@code workerTags})
 * @param dispatchConfig free-form settings handed to each run's job context as {@code dispatch.<key>}
 * @param workerTags     the tags a worker needs to claim a run
 * @param maxAttempts    claims a run gets before it fails for good
 * @param leaseDuration  how long a claim holds a run without heartbeat
 * @param sourceTables   tables it reads (none for a publication)
 * @param sinkTables     tables it writes (none for a subscription)
 * @param trigger        when it runs
 * @param nextFireAt     a schedule's next instant
 * @param paused         paused nodes get no runs
 * @param watermark      each source's position
 */
@Evolving
public record Node(String id, Optional<String> name, NodeKind kind, String type, String mode, String dispatchMode,
                   Map<String, String> dispatchConfig, List<String> workerTags, int maxAttempts,
                   Duration leaseDuration, List<TableRef> sourceTables, List<TableRef> sinkTables, Trigger trigger,
                   Optional<Instant> nextFireAt, boolean paused, Instant createdAt, Instant updatedAt,
                   Watermark watermark) {
    public Node {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        dispatchConfig = Map.copyOf(dispatchConfig);
        workerTags = List.copyOf(workerTags);
        sourceTables = List.copyOf(sourceTables);
        sinkTables = List.copyOf(sinkTables);
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(nextFireAt, "nextFireAt");
        Objects.requireNonNull(watermark, "watermark");
    }
}
