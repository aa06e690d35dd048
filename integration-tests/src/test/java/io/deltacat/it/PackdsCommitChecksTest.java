package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.CatalogClient;
import io.deltacat.api.model.WriteMode;
import io.deltacat.packds.PackDS;
import io.deltacat.packds.ShardManifest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's side of layout tables, spoken to in raw HTTP as a hostile or stale client would: a
 * commit to a PackDS table without its manifest, with a manifest that is not JSON, or built on a
 * snapshot the table has moved past is refused and changes nothing; a plain table takes no manifest.
 */
class PackdsCommitChecksTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    Fixture fx;
    CatalogClient catalog;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        fx = new Fixture(dir);
        catalog = fx.client.catalog();
        catalog.createNamespace("robotics");
        catalog.createTable(t -> t.namespace("robotics").table("episodes").schema(PackdsEndToEndTest.SCHEMA)
                .layout("packds").mergeKeys("episode_id", "step"));
        try (VectorSchemaRoot data = PackdsEndToEndTest.steps(fx.allocator, PackdsEndToEndTest.grid(0, 3, 0, 4), 0)) {
            catalog.write(data, w -> w.namespace("robotics").table("episodes").mode(WriteMode.MERGE));
        }
        catalog.createTable(t -> t.namespace("robotics").table("plain").schema(PackdsEndToEndTest.SCHEMA));
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private HttpResponse<String> send(String method, String path, JsonNode body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fx.server.uri() + path))
                .header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Opens a write of {@code mode} on {@code table}; answers the session. */
    private JsonNode begin(String table, String mode) throws Exception {
        JsonNode t = JSON.readTree(send("GET", "/v1/namespaces/robotics/tables/" + table, null).body());
        ObjectNode req = JSON.createObjectNode().put("mode", mode);
        req.set("schema", t.get("schema"));
        HttpResponse<String> r = send("POST", "/v1/namespaces/robotics/tables/" + table + "/writes", req);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> commit(JsonNode session, String manifest, Long expected) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("commitId", "c-" + System.nanoTime());
        body.putArray("files");
        if (manifest != null) {
            body.put("layoutManifest", manifest);
        }
        if (expected != null) {
            body.put("expectedSnapshot", expected);
        }
        return send("POST", "/v1/writes/" + session.get("writeId").asText() + "/commit", body);
    }

    private static void stage(JsonNode session, String name, String content) throws Exception {
        Files.writeString(Path.of(URI.create(session.get("stagingUri").asText())).resolve(name), content);
    }

    @Test
    void commitsOfLayoutTablesCarryAValidManifestAndTheirBaseSnapshot() throws Exception {
        PackDS packds = PackDS.of(fx.client);
        ShardManifest before = packds.manifest("robotics", "episodes");
        JsonNode session = begin("episodes", "merge");
        assertThat(session.get("tableProperties").get("layout").asText()).isEqualTo("packds");
        assertThat(session.get("mergeKeys")).hasSize(2);

        HttpResponse<String> none = commit(session, null, before.version());
        assertThat(none.statusCode()).as(none.body()).isEqualTo(400);
        assertThat(none.body()).contains("layout's manifest");

        stage(session, "bad.json", "not json {");
        HttpResponse<String> bad = commit(session, "bad.json", before.version());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("not a JSON document").doesNotContain("not json {");

        stage(session, "other.json", "{\"layout\": \"webdataset\"}");
        assertThat(commit(session, "other.json", before.version()).statusCode()).isEqualTo(400);
        assertThat(commit(session, "../escape.json", before.version()).statusCode()).isEqualTo(400);

        stage(session, "m.json", "{\"layout\": \"packds\", \"shards\": [], \"episodes\": []}");
        HttpResponse<String> stale = commit(session, "m.json", before.version() - 1);
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(409);
        assertThat(stale.body()).contains("changed since snapshot");

        // nothing of it was applied
        assertThat(packds.manifest("robotics", "episodes")).isEqualTo(before);
        assertThat(catalog.getTable("robotics", "episodes").latestCommitTime()).hasValue(before.version());

        JsonNode plain = begin("plain", "append");
        stage(plain, "m.json", "{\"layout\": \"packds\"}");
        HttpResponse<String> onPlain = commit(plain, "m.json", null);
        assertThat(onPlain.statusCode()).isEqualTo(400);
        assertThat(onPlain.body()).contains("has no layout");
        assertThat(List.of(catalog.getTable("robotics", "plain").fileCount())).containsExactly(0L);
    }

    @Test
    void maintenanceKeepsTheManifestsOfCommittedWrites() throws Exception {
        PackDS packds = PackDS.of(fx.client);
        ShardManifest m = packds.manifest("robotics", "episodes");
        Path manifest = Path.of(URI.create(m.manifestUri()));
        Path stray = manifest.getParent().resolveSibling("stray.json"); // referenced by nothing
        Files.writeString(stray, "{}");
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis() - java.time.Duration.ofHours(3).toMillis());
        Files.setLastModifiedTime(manifest, old);
        Files.setLastModifiedTime(stray, old);
        fx.server.runMaintenance();
        assertThat(stray).doesNotExist();
        assertThat(manifest).exists();
        assertThat(PackDS.of(fx.client).manifest("robotics", "episodes")).isEqualTo(m);
    }
}
