package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deltacat.api.CatalogClient;
import io.deltacat.api.model.DataRoot;
import io.deltacat.api.model.ReadPlan;
import io.deltacat.api.model.StorageCredential;
import io.deltacat.io.spi.Storage;
import io.deltacat.io.spi.StorageAccess;
import io.deltacat.io.spi.Storages;
import io.deltacat.server.DeltacatServer;
import io.deltacat.server.ServerStartException;
import io.deltacat.server.StorageRoot;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.table.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server with an S3 root on s3proxy (SigV4 on, presigned access) beside a local root: roots as
 * listed, what a client can and cannot reach with what it was vended, and the storage bad inputs
 * (reused upload URL, another table's file, lapsed access, a file outside the staging prefix, a
 * missing bucket, no credentials): each a typed error, nothing committed, nothing left behind.
 */
class S3RootsEndToEndTest {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<DeltacatServer.Exchange> exchanges = new CopyOnWriteArrayList<>();
    /** When set, the server holds each plan's answer this long (its URLs lapse on the way). */
    private volatile long planDelayMs;
    @TempDir
    Path home;
    Fixture fx;
    String lake;
    Path scratch;

    private Fixture start(Duration ttl) throws IOException {
        S3ProxyProcess s3 = S3ProxyProcess.shared();
        lake = "s3://" + s3.createBucket("roots-" + BUCKETS.incrementAndGet()) + "/warehouse/";
        scratch = home.resolve("scratch");
        Map<String, String> settings = s3.settings(Map.of());
        fx = new Fixture(home.resolve("home"), b -> b.roots(List.of(StorageRoot.s3("lake", lake, settings),
                StorageRoot.local("scratch", scratch))).credentialTtl(ttl).leftoverGrace(Duration.ZERO)
                .exchangeListener(e -> {
                    exchanges.add(e);
                    if (planDelayMs > 0 && e.route().endsWith("/plan")) {
                        try {
                            Thread.sleep(planDelayMs);
                        } catch (InterruptedException ie) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }));
        return fx;
    }

    @AfterEach
    void close() {
        if (fx != null) {
            fx.close();
        }
    }

    private Storage bucket() {
        return Storages.forUri(lake, StorageAccess.configured(S3ProxyProcess.shared().settings(Map.of())));
    }

    private void write(CatalogClient catalog, String table, long start, int n, Map<String, String> properties) {
        try (VectorSchemaRoot cats = Cats.generated(fx.allocator, start, n)) {
            catalog.write(cats, w -> {
                w.table(table);
                properties.forEach(w::tableProperty);
            });
        }
    }

    private long rows(CatalogClient catalog, String table) {
        try (Table t = catalog.readAll(q -> q.table(table))) {
            return t.getRowCount();
        }
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(fx.server.uri() + path)).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int send(String method, String url, String ifNoneMatch) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method,
                method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("x"));
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void rootsAreListedAndTablesLiveInTheRootTheyName() throws Exception {
        start(Duration.ofMinutes(5));
        CatalogClient catalog = fx.client.catalog();
        List<DataRoot> roots = catalog.describeCatalog("default").roots();
        assertThat(roots).extracting(DataRoot::name, DataRoot::uri, DataRoot::storageType, DataRoot::isDefault)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("lake", lake, "s3", true),
                        org.assertj.core.groups.Tuple.tuple("scratch", scratch.toUri().toString(), "local", false));
        assertThat(roots.get(0).region()).hasValue("us-east-1");
        assertThat(roots.get(0).endpoint()).hasValue(S3ProxyProcess.shared().endpoint());
        assertThat(roots.get(1).region()).isEmpty();

        write(catalog, "on_s3", 0, 1000, Map.of());
        write(catalog, "on_disk", 0, 10, Map.of("root", "scratch"));
        write(catalog, "on_s3", 1000, 500, Map.of());
        assertThat(rows(catalog, "on_s3")).isEqualTo(1500);
        assertThat(rows(catalog, "on_disk")).isEqualTo(10);
        assertThat(bucket().list(lake)).hasSize(2).allMatch(u -> u.startsWith(lake + "default/on_s3/data/"));
        try (var s = Files.walk(scratch)) {
            assertThat(s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".parquet")).count()).isOne();
        }
        // a local plan needs no credentials; an S3 plan carries one presigned URL per file, nothing else
        assertThat(catalog.plan(q -> q.table("on_disk")).credentials()).isEmpty();
        ReadPlan plan = catalog.plan(q -> q.table("on_s3"));
        assertThat(plan.credentials()).extracting(StorageCredential::provider).containsOnly("s3-presigned");
        assertThat(plan.credentials()).extracting(StorageCredential::prefix)
                .containsExactlyInAnyOrderElementsOf(plan.files().stream().map(f -> f.uri()).toList());
        assertThatThrownBy(() -> write(catalog, "nowhere", 0, 1, Map.of("root", "mars")))
                .isInstanceOf(io.deltacat.api.error.InvalidRequestException.class).hasMessageContaining("mars");
    }

    @Test
    void aPlansUrlsReachNothingElseAndAnotherTablesFileIsNotVended() throws Exception {
        start(Duration.ofMinutes(5));
        CatalogClient catalog = fx.client.catalog();
        write(catalog, "a", 0, 100, Map.of());
        write(catalog, "b", 0, 100, Map.of());
        String urlA = catalog.plan(q -> q.table("a")).credentials().get(0).properties().get("url");
        String fileA = catalog.plan(q -> q.table("a")).files().get(0).uri();
        String fileB = catalog.plan(q -> q.table("b")).files().get(0).uri();
        assertThat(send("GET", urlA, null)).isEqualTo(200);
        String keyA = fileA.substring("s3://".length());
        String keyB = fileB.substring("s3://".length());
        assertThat(send("GET", urlA.replace(keyA, keyB), null)).isEqualTo(403);
        assertThat(send("PUT", urlA, null)).isEqualTo(403);
        assertThat(send("DELETE", urlA, null)).isEqualTo(403);
        // renewing access to b's file as a reader of a: refused before anything is signed
        HttpResponse<String> r = post("/v1/namespaces/default/tables/a/credentials",
                "{\"uris\":[" + JSON.writeValueAsString(fileB) + "]}");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(r.body()).doesNotContain("X-Amz-Signature");
        assertThat(rows(catalog, "a")).isEqualTo(100);
    }

    @Test
    void anUploadUrlReusedAfterCommitOverwritesNothingAndASignatureNeedsAnOpenWrite() throws Exception {
        start(Duration.ofMinutes(5));
        CatalogClient catalog = fx.client.catalog();
        write(catalog, "t", 0, 100, Map.of());
        DeltacatServer.Exchange signed = exchanges.stream().filter(e -> e.route().equals("POST /v1/writes/{writeId}/uploads"))
                .findFirst().orElseThrow();
        JsonNode answer = JSON.readTree(signed.responseBody());
        String writeId = signed.rawPath().split("/")[3];
        // the write is committed: its PUT URL, sent again, meets the object it made (If-None-Match: *)
        assertThat(send("PUT", answer.get("url").asText(), "*")).isEqualTo(412);
        // and the server signs nothing more for it
        HttpResponse<String> again = post("/v1/writes/" + writeId + "/uploads", "{\"path\":\"more.parquet\",\"step\":\"put\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        HttpResponse<String> escape = post("/v1/writes/" + writeId + "/uploads", "{\"path\":\"../x.parquet\",\"step\":\"put\"}");
        assertThat(escape.statusCode()).isEqualTo(400);
        assertThat(rows(catalog, "t")).isEqualTo(100);
        assertThat(bucket().list(lake)).hasSize(1);
    }

    @Test
    void aManifestNamingAnotherWritesObjectCommitsNothingAndAbortedUploadsLeaveNothing() throws Exception {
        start(Duration.ofMinutes(5));
        CatalogClient catalog = fx.client.catalog();
        write(catalog, "t", 0, 10, Map.of());
        String begin = "{\"mode\":\"append\",\"format\":\"parquet\",\"schema\":"
                + JSON.writeValueAsString(JSON.readTree(io.deltacat.it.Cats.SCHEMA.toJson())) + "}";
        JsonNode w1 = JSON.readTree(post("/v1/namespaces/default/tables/t/writes", begin).body());
        JsonNode w2 = JSON.readTree(post("/v1/namespaces/default/tables/t/writes", begin).body());
        assertThat(w1.path("credentials").get(0).path("provider").asText()).isEqualTo("s3-signed-uploads");
        JsonNode put = JSON.readTree(post("/v1/writes/" + w2.get("writeId").asText() + "/uploads",
                "{\"path\":\"f.parquet\",\"step\":\"put\"}").body());
        assertThat(send("PUT", put.get("url").asText(), "*")).isEqualTo(200);
        HttpResponse<String> commit = post("/v1/writes/" + w1.get("writeId").asText() + "/commit",
                "{\"commitId\":\"c1\",\"files\":[{\"path\":\"f.parquet\",\"format\":\"parquet\",\"rowCount\":1,"
                        + "\"sizeBytes\":1}]}");
        assertThat(commit.statusCode()).isEqualTo(400);
        assertThat(commit.body()).contains("does not exist under the staging prefix");
        // a multipart upload started and then abandoned with its write: aborted when the write is
        JsonNode started = JSON.readTree(post("/v1/writes/" + w1.get("writeId").asText() + "/uploads",
                "{\"path\":\"g.parquet\",\"step\":\"start\"}").body());
        assertThat(started.get("uploadId").asText()).isNotEmpty();
        for (JsonNode w : List.of(w1, w2)) {
            http.send(HttpRequest.newBuilder(URI.create(fx.server.uri() + "/v1/writes/" + w.get("writeId").asText()))
                    .DELETE().build(), HttpResponse.BodyHandlers.discarding());
        }
        fx.server.runMaintenance();
        assertThat(rows(catalog, "t")).isEqualTo(10);
        assertThat(bucket().list(lake)).hasSize(1);
    }

    @Test
    void lapsedUrlsAreRefusedByTheStoreAndRenewedByALongRead() throws Exception {
        start(Duration.ofSeconds(2));
        CatalogClient catalog = fx.client.catalog();
        for (int i = 0; i < 4; i++) {
            write(catalog, "t", i * 100L, 100, Map.of());
        }
        ReadPlan plan = catalog.plan(q -> q.table("t"));
        planDelayMs = 2_500; // every URL of the next plans lapses before the client gets them
        exchanges.clear();
        assertThat(rows(catalog, "t")).isEqualTo(400);
        try (Table t = catalog.readAll(q -> q.table("t").filter(io.deltacat.api.expr.Predicate.lt("id", 50L)))) {
            assertThat(t.getRowCount()).isEqualTo(50);
        }
        assertThat(exchanges.stream().filter(e -> e.route().endsWith("/tables/{table}/credentials")).count())
                .as("read access renewed from the server").isGreaterThanOrEqualTo(2);
        // without renewal, a lapsed URL is refused by the store itself
        String lapsed = plan.credentials().get(0).properties().get("url");
        assertThat(send("GET", lapsed, null)).isEqualTo(403);
    }

    @Test
    void aMissingBucketOrMissingCredentialsStopTheServerAtStart() {
        S3ProxyProcess s3 = S3ProxyProcess.shared();
        assertThatThrownBy(() -> DeltacatServer.builder().root(home.resolve("h1"))
                .roots(List.of(StorageRoot.s3("lake", "s3://no-such-bucket/x/", s3.settings(Map.of())))).build().start())
                .isInstanceOf(ServerStartException.class).hasMessageContaining("no-such-bucket")
                .hasMessageContaining("does not exist");
        Map<String, String> wrong = s3.settings(Map.of("secretAccessKey", "wrong-secret"));
        assertThatThrownBy(() -> DeltacatServer.builder().root(home.resolve("h2"))
                .roots(List.of(StorageRoot.s3("lake", "s3://" + "roots-keys/x/", wrong))).build().start())
                .isInstanceOf(ServerStartException.class).hasMessageContaining("lake").hasMessageNotContaining("wrong-secret");
        Map<String, String> noKeys = new java.util.HashMap<>(s3.settings(Map.of()));
        noKeys.remove("accessKeyId");
        noKeys.remove("secretAccessKey");
        assertThatThrownBy(() -> DeltacatServer.builder().root(home.resolve("h3"))
                .roots(List.of(StorageRoot.s3("lake", "s3://roots-keys/x/", noKeys))).build().start())
                .isInstanceOf(ServerStartException.class).hasMessageContaining("data root 'lake'");
    }
}
