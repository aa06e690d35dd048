package io.deltacat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the seed's (Python DeltaCAT) examples send, at the HTTP level: node names, JSON event
 * metadata and JSON watermarks (issue 13, item 13).
 */
class SeedPortRoutesTest extends ServerTestSupport {

    private long claim(String id, String... tags) {
        ObjectNode request = obj();
        ArrayNode workerTags = request.putArray("workerTags");
        for (String t : tags) {
            workerTags.add(t);
        }
        JsonNode claimed = post("/v1/jobs/claim", request).body();
        assertThat(claimed.path("job").path("id").asText()).isEqualTo(id);
        return claimed.path("lease").path("fencingToken").asLong();
    }

    private String submit() {
        Resp r = post("/v1/jobs", obj().put("type", "custom").put("leaseMillis", 10_000));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.text("id");
    }

    @Test
    void nodesCarryAnOptionalDisplayName() {
        start();
        assertThat(post("/v1/namespaces", obj().put("name", "seed")).status()).isEqualTo(201);
        assertThat(post("/v1/namespaces/seed/tables", createTableBody("episodes")).status()).isEqualTo(201);
        ObjectNode pub = obj().put("id", "episode-publisher").put("kind", "publication")
                .put("name", "Episode Publisher");
        pub.putArray("sinkTables").addObject().put("namespace", "seed").put("table", "episodes");
        Resp created = post("/v1/nodes", pub);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.text("name")).isEqualTo("Episode Publisher");
        assertThat(get("/v1/nodes/episode-publisher").body().get("name").asText()).isEqualTo("Episode Publisher");

        ObjectNode unnamed = pub.deepCopy().put("id", "unnamed");
        unnamed.remove("name");
        Resp plain = post("/v1/nodes", unnamed);
        assertThat(plain.status()).as(plain.raw()).isEqualTo(201);
        assertThat(plain.body().has("name")).isFalse();

        assertProblem(post("/v1/nodes", pub.deepCopy().put("id", "long").put("name", "n".repeat(201))), 400,
                "invalid-request", "name", "200");
        assertProblem(post("/v1/nodes", pub.deepCopy().put("id", "blank").put("name", "  ")), 400,
                "invalid-request", "name");
        assertProblem(post("/v1/nodes", pub.deepCopy().put("id", "ctl").put("name", "a\nb")), 400,
                "invalid-request", "name");
    }

    /** A run's completion takes its target watermark as JSON, or as its JSON text (older clients). */
    @Test
    void aRunCompletesWithItsWatermarkAsJsonOrAsText() {
        start();
        assertThat(post("/v1/namespaces", obj().put("name", "seed")).status()).isEqualTo(201);
        assertThat(post("/v1/namespaces/seed/tables", createTableBody("episodes")).status()).isEqualTo(201);
        ObjectNode pub = obj().put("id", "pub").put("kind", "publication");
        pub.putArray("sinkTables").addObject().put("namespace", "seed").put("table", "episodes");
        assertThat(post("/v1/nodes", pub).status()).isEqualTo(201);
        for (JsonNode watermark : List.of(JSON.createArrayNode(), JSON.getNodeFactory().textNode("[]"))) {
            String run = post("/v1/nodes/pub/trigger", obj()).text("id");
            long token = claim(run, "node:pub");
            ObjectNode wrong = obj().put("fencingToken", token);
            wrong.putArray("watermark").addObject().put("namespace", "seed").put("table", "episodes").put("position", 1);
            assertProblem(post("/v1/jobs/" + run + "/complete", wrong), 400, "invalid-request", "target");
            ObjectNode complete = obj().put("fencingToken", token);
            complete.set("watermark", watermark);
            Resp done = post("/v1/jobs/" + run + "/complete", complete);
            assertThat(done.status()).as(done.raw()).isEqualTo(200);
            assertThat(done.body().get("watermark")).isEqualTo(JSON.createArrayNode());
        }
    }

    @Test
    void eventMetadataAndWatermarksAreJsonValues() {
        start();
        String id = submit();
        long token = claim(id);
        ObjectNode event = obj().put("fencingToken", token).put("name", "progress");
        ObjectNode meta = event.putObject("metadata");
        meta.putObject("partition_watermarks").put("analytics.events", 42);
        meta.putArray("known_partitions").add("2024-01-01").add("2024-01-02");
        meta.put("ratio", 0.5).put("done", false).putNull("nothing");
        Resp emitted = post("/v1/jobs/" + id + "/events", event);
        assertThat(emitted.status()).as(emitted.raw()).isEqualTo(200);
        JsonNode events = get("/v1/jobs/" + id + "/events").body().get("events");
        assertThat(events.get(events.size() - 1).get("metadata")).isEqualTo(meta);

        ObjectNode complete = obj().put("fencingToken", token).put("recordsProcessed", 1);
        ObjectNode wm = complete.putObject("watermark");
        wm.putObject("partition_watermarks").put("analytics.events", 42);
        // more than the old 4 KiB, within 64 KiB
        ArrayNode known = wm.putArray("known_partitions");
        for (int i = 0; i < 1000; i++) {
            known.add("partition-" + i);
        }
        Resp done = post("/v1/jobs/" + id + "/complete", complete);
        assertThat(done.status()).as(done.raw()).isEqualTo(200);
        assertThat(done.body().get("watermark")).isEqualTo(wm);
        assertThat(get("/v1/jobs/" + id).body().get("watermark")).isEqualTo(wm);
    }

    @Test
    void aStringWatermarkStaysAStringAndLimitsAreEnforced() {
        start();
        String id = submit();
        long token = claim(id);
        ObjectNode big = obj().put("fencingToken", token).put("name", "x");
        big.putObject("metadata").putArray("m").add("y".repeat(17_000));
        assertProblem(post("/v1/jobs/" + id + "/events", big), 413, "payload-too-large", "metadata", "16384");
        ObjectNode tooBig = obj().put("fencingToken", token);
        tooBig.putObject("watermark").put("w", "z".repeat(70_000));
        assertProblem(post("/v1/jobs/" + id + "/complete", tooBig), 413, "payload-too-large", "watermark", "65536");
        Resp done = post("/v1/jobs/" + id + "/complete", obj().put("fencingToken", token).put("watermark", "42"));
        assertThat(done.status()).as(done.raw()).isEqualTo(200);
        assertThat(done.body().get("watermark").isTextual()).isTrue();
        assertThat(done.body().get("watermark").asText()).isEqualTo("42");
    }

    /** Watermarks stored as raw text before migration V009 read back as the strings they were. */
    @Test
    void legacyWatermarksAreQuotedByTheMigration() throws Exception {
        start();
        List<String> legacy = List.of("offset-100", "42", "{\"a\": 1}", "back\\slash \"quoted\"");
        List<String> ids = new ArrayList<>();
        for (String w : legacy) {
            String id = submit();
            long token = claim(id);
            assertThat(post("/v1/jobs/" + id + "/complete", obj().put("fencingToken", token).put("watermark", w))
                    .status()).isEqualTo(200);
            ids.add(id);
        }
        server.close();
        // back to the storage of version 8: the raw text, and migration 9 not applied yet
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + root.resolve(".deltacat/metadata.db"));
             Statement st = c.createStatement()) {
            for (int i = 0; i < ids.size(); i++) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET watermark = ? WHERE id = ?")) {
                    ps.setString(1, legacy.get(i));
                    ps.setString(2, ids.get(i));
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
            }
            assertThat(st.executeUpdate("DELETE FROM schema_version WHERE version = 9")).isEqualTo(1);
            // and migration 10 undone, so that 9 and 10 run again in order
            assertThat(st.executeUpdate("DELETE FROM schema_version WHERE version = 10")).isEqualTo(1);
            for (String index : List.of("jobs_submit_key", "jobs_claim_key", "jobs_claim_order", "jobs_leases")) {
                st.execute("DROP INDEX " + index);
            }
            st.execute("CREATE INDEX jobs_claimable ON jobs (dispatch, state, available_at, seq)");
            st.execute("CREATE INDEX jobs_leases ON jobs (state, lease_deadline)");
            for (String column : List.of("event_count", "tag_count", "submit_key", "submit_hash", "submit_index",
                    "claim_key", "claim_index", "end_key", "event_key")) {
                st.execute("ALTER TABLE jobs DROP COLUMN " + column);
            }
        }
        start();
        for (int i = 0; i < ids.size(); i++) {
            JsonNode w = get("/v1/jobs/" + ids.get(i)).body().get("watermark");
            assertThat(w.isTextual()).as(w.toString()).isTrue();
            assertThat(w.textValue()).isEqualTo(legacy.get(i));
        }
    }
}
