package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.DeltacatClient;
import io.deltacat.api.JobsClient;
import io.deltacat.api.Worker;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.error.PayloadTooLargeException;
import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobEvent;
import io.deltacat.api.model.JobResult;
import io.deltacat.api.model.JobState;
import io.deltacat.api.model.Node;
import io.deltacat.api.model.TableRef;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's (Python DeltaCAT client) examples that did not port (issue 13, item 13), written the
 * way the seed writes them, over the real client and server.
 */
class SeedExamplesEndToEndTest {
    static final TableRef RAW = TableRef.of("raw");
    static final TableRef CLEAN = TableRef.of("clean");

    @TempDir
    Path dir;
    Fixture fx;

    @BeforeEach
    void start() {
        fx = new Fixture(dir);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private DeltacatClient client() {
        return fx.client;
    }

    private void createNodes() {
        client().catalog().createTable(t -> t.table("raw").schema(Cats.SCHEMA));
        client().catalog().createTable(t -> t.table("clean").schema(Cats.SCHEMA));
        client().publications().create(p -> p.id("ingest").sinkTables(RAW));
        client().transforms().create(t -> t.id("clean").sourceTables(RAW).sinkTables(CLEAN));
        client().subscriptions().create(s -> s.id("audit").sourceTables(CLEAN));
    }

    /** The seed triggers any node through {@code subscriptions().trigger(id)}. */
    @Test
    void anyNodeSubClientTriggersAnyKindOfNode() {
        createNodes();
        Job clean = client().subscriptions().trigger("clean");
        assertThat(clean.type()).isEqualTo("transform");
        assertThat(clean.context()).containsEntry("nodeId", "clean");
        Job ingest = client().subscriptions().trigger("ingest");
        assertThat(ingest.type()).isEqualTo("publication");
        Job audit = client().transforms().trigger("audit");
        assertThat(audit.type()).isEqualTo("subscription");
        // a second trigger returns the run already pending
        assertThat(client().transforms().trigger("clean").id()).isEqualTo(clean.id());
        assertThatThrownBy(() -> client().subscriptions().trigger("nope"))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("nope");
    }

    /** The seed names its nodes ({@code name="Episode Publisher"}); the name is not the id. */
    @Test
    void nodesHaveAnOptionalDisplayName() {
        client().catalog().createTable(t -> t.table("raw").schema(Cats.SCHEMA));
        client().catalog().createTable(t -> t.table("clean").schema(Cats.SCHEMA));
        Node pub = client().publications().create(p -> p.id("episode-publisher").name("Episode Publisher")
                .sinkTables(RAW));
        assertThat(pub.id()).isEqualTo("episode-publisher");
        assertThat(pub.name()).contains("Episode Publisher");
        Node clean = client().transforms().create(t -> t.id("clean").name("Épisodes nettoyés · v2")
                .sourceTables(RAW).sinkTables(CLEAN));
        assertThat(clean.name()).contains("Épisodes nettoyés · v2");
        Node audit = client().subscriptions().create(s -> s.id("audit").sourceTables(CLEAN));
        assertThat(audit.name()).isEmpty();
        assertThat(client().publications().get("episode-publisher").name()).contains("Episode Publisher");
        assertThat(client().transforms().list()).extracting(Node::name)
                .containsExactly(Optional.of("Épisodes nettoyés · v2"));
        assertThat(client().subscriptions().get("audit").name()).isEmpty();
        assertThatThrownBy(() -> client().subscriptions().create(s -> s.id("long").name("x".repeat(201))
                .sourceTables(CLEAN))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("200");
    }

    /** The seed compacts by table name alone. */
    @Test
    void compactionOfATableOfTheDefaultNamespace() {
        client().catalog().createTable(t -> t.table("cool_cats").schema(Cats.SCHEMA));
        for (int i = 0; i < 2; i++) {
            long start = i * 10L;
            try (VectorSchemaRoot batch = Cats.generated(fx.allocator, start, 10)) {
                client().catalog().write(batch, w -> w.table("cool_cats"));
            }
        }
        Job job = client().jobs().submitCompaction("cool_cats");
        assertThat(job.context()).containsEntry("namespace", "default").containsEntry("table", "cool_cats");
        assertThat(client().jobs().waitFor(job.id(), Duration.ofMinutes(1)).state()).isEqualTo(JobState.SUCCEEDED);
        assertThatThrownBy(() -> client().jobs().submitCompaction("no_such_table"))
                .isInstanceOf(NotFoundException.class);
    }

    /** The seed's metadata and watermarks are JSON documents, not strings. */
    @Test
    void eventMetadataAndWatermarksTakeJsonValues() {
        JobsClient jobs = client().jobs();
        Job job = jobs.submit(s -> s.type("custom").workerTags("seed"));
        ClaimedJob claimed = jobs.claim(c -> c.workerTags("seed")).orElseThrow();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("partition_watermarks", Map.of("analytics.events", 42));
        metadata.put("known_partitions", List.of("2024-01-01", "2024-01-02"));
        metadata.put("ratio", 0.25);
        metadata.put("done", false);
        metadata.put("nothing", null);
        jobs.emitEvent(claimed, "progress", 1, 2, metadata, null);
        jobs.emitEvent(claimed, "copied", 2, 2, Map.of("file", "a.parquet"), null); // strings still work
        List<JobEvent> events = jobs.events(job.id());
        JobEvent progress = events.stream().filter(e -> e.name().equals("progress")).findFirst().orElseThrow();
        // read back as plain values: integers as Long, JSON null kept, in the order sent
        Map<String, Object> readBack = new LinkedHashMap<>(metadata);
        readBack.put("partition_watermarks", Map.of("analytics.events", 42L));
        assertThat(progress.metadata()).isEqualTo(readBack);
        assertThat(progress.metadata().keySet()).containsExactlyElementsOf(metadata.keySet());
        assertThat(events.stream().filter(e -> e.name().equals("copied")).findFirst().orElseThrow().metadata())
                .containsExactly(Map.entry("file", "a.parquet"));
        assertThatThrownBy(() -> jobs.emitEvent(claimed, "big", 0, 0, Map.of("m", List.of("y".repeat(17_000))), null))
                .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("16384");
        assertThatThrownBy(() -> jobs.emitEvent(claimed, "odd", 0, 0, Map.of("when", Instant.EPOCH), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metadata.when");

        Map<String, Object> watermark = Map.of("partition_watermarks", Map.of("analytics.events", 42),
                "known_partitions", List.of("2024-01-01", "2024-01-02"));
        Job done = jobs.complete(claimed, 42, watermark);
        Object expected = Map.of("partition_watermarks", Map.of("analytics.events", 42L),
                "known_partitions", List.of("2024-01-01", "2024-01-02"));
        assertThat(done.watermark()).contains(expected);
        assertThat(jobs.get(job.id()).watermark()).contains(expected);
    }

    /** A watermark larger than the old 4 KiB fits; one over 64 KiB is refused; a string stays a string. */
    @Test
    void watermarkLimitsAndStrings() {
        JobsClient jobs = client().jobs();
        Job big = jobs.submit(s -> s.type("custom"));
        ClaimedJob claimed = jobs.claim(c -> c.workerTags()).orElseThrow();
        assertThatThrownBy(() -> jobs.complete(claimed, 1, Map.of("w", "z".repeat(70_000))))
                .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("65536");
        List<String> known = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            known.add("partition-" + i);
        }
        assertThat(jobs.complete(claimed, 1, Map.of("known_partitions", known)).watermark())
                .contains(Map.of("known_partitions", known));
        jobs.submit(s -> s.type("custom"));
        ClaimedJob second = jobs.claim(c -> c.workerTags()).orElseThrow();
        assertThat(jobs.complete(second, 1, "42").watermark()).contains("42");
        assertThat(big.id()).isNotEqualTo(second.id());
    }

    /** A Worker's handler reports a structured watermark through JobResult. */
    @Test
    void aWorkerCompletesWithAStructuredWatermark() throws Exception {
        JobsClient jobs = client().jobs();
        Job job = jobs.submit(s -> s.type("custom").workerTags("seed"));
        try (Worker w = jobs.worker(o -> o.workerTags("seed").handler(j ->
                JobResult.of(7, Map.of("partition_watermarks", Map.of("analytics.events", 7)))))) {
            Job done = jobs.waitFor(job.id(), Duration.ofMinutes(1));
            assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(done.watermark()).contains(Map.of("partition_watermarks", Map.of("analytics.events", 7L)));
        }
    }
}
