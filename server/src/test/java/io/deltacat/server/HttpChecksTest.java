package io.deltacat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Small HTTP checks: the bearer scheme in any case, the minimum client version, duplicate plan
 * columns, and a compaction of a missing table refused at submit.
 */
class HttpChecksTest extends ServerTestSupport {

    /** A GET on a new connection, so nothing Jetty remembers of an earlier request plays a part. */
    private HttpResponse<String> getWith(String path, Map<String, String> headers) throws Exception {
        return getWith(HttpClient.newHttpClient(), path, headers);
    }

    private HttpResponse<String> getWith(HttpClient client, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.uri() + path));
        headers.forEach(b::header);
        return client.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Resp resp(HttpResponse<String> r) throws Exception {
        return new Resp(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(),
                r.body().isEmpty() ? null : JSON.readTree(r.body()));
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() throws Exception {
        start(b -> b.authToken("tok-123"));
        for (String scheme : new String[] {"Bearer", "bearer", "BEARER", "bEaReR"}) {
            assertThat(getWith("/v1/namespaces", Map.of("Authorization", scheme + " tok-123")).statusCode())
                    .as(scheme).isEqualTo(200);
        }
        assertThat(getWith("/v1/namespaces", Map.of("Authorization", "bearer  tok-123")).statusCode())
                .as("several spaces after the scheme (RFC 7235: 1*SP)").isEqualTo(200);
        assertProblem(resp(getWith("/v1/namespaces", Map.of("Authorization", "bearer tok-12"))), 401, "unauthorized");
        // the token itself stays case-sensitive, also on a connection that already sent the right one
        // (Jetty's header cache matched cached fields ignoring case)
        assertThat(getWith(http, "/v1/namespaces", Map.of("Authorization", "Bearer tok-123")).statusCode()).isEqualTo(200);
        for (String wrongCase : new String[] {"Bearer TOK-123", "bearer TOK-123", "Bearer Tok-123"}) {
            assertProblem(resp(getWith(http, "/v1/namespaces", Map.of("Authorization", wrongCase))), 401, "unauthorized");
        }
        assertProblem(resp(getWith("/v1/namespaces", Map.of("Authorization", "Basic tok-123"))), 401, "unauthorized");
        assertProblem(resp(getWith("/v1/namespaces", Map.of("Authorization", "bearertok-123"))), 401, "unauthorized");
        assertProblem(resp(getWith("/v1/namespaces", Map.of())), 401, "unauthorized");
    }

    @Test
    void aClientBelowTheMinimumVersionIsRefusedNamingBothVersions() throws Exception {
        start();
        String header = "DeltaCAT-Client-Version";
        assertProblem(resp(getWith("/v1/namespaces", Map.of(header, "0.0.9"))), 400, "invalid-request",
                "0.0.9", "0.1.0", "upgrade");
        assertProblem(resp(getWith("/v1/namespaces", Map.of(header, "0.0"))), 400, "invalid-request", "0.1.0");
        assertProblem(resp(getWith("/v1/namespaces", Map.of(header, "banana"))), 400, "invalid-request",
                "banana", "0.1.0");
        for (String ok : new String[] {"0.1.0", "0.1.0-SNAPSHOT", "0.1", "0.2.0", "1.0.0+build.7", "10.0.0"}) {
            assertThat(getWith("/v1/namespaces", Map.of(header, ok)).statusCode()).as(ok).isEqualTo(200);
        }
        assertThat(getWith("/v1/namespaces", Map.of()).statusCode()).as("no header: curl, probes").isEqualTo(200);
        // the configuration stays readable to any client: it is how one learns the minimum
        HttpResponse<String> config = getWith("/v1/config", Map.of(header, "0.0.1"));
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(config.body()).get("minimumClientVersion").asText()).isEqualTo("0.1.0");
    }

    @Test
    void aPlanNamingAColumnTwiceIsRefused() throws Exception {
        start();
        writeFiles("t", new long[] {1, 5});
        var body = obj();
        body.putArray("columns").add("id").add("name").add("id");
        assertProblem(post("/v1/namespaces/default/tables/t/plan", body), 400, "invalid-request", "'id'",
                "more than once");
        var fine = obj();
        fine.putArray("columns").add("name").add("id");
        assertThat(post("/v1/namespaces/default/tables/t/plan", fine).status()).isEqualTo(200);
    }

    @Test
    void aCompactionOfAMissingTableIsNotFoundAtSubmit() {
        start();
        var body = obj().put("type", "compaction");
        body.putObject("context").put("namespace", "default").put("table", "nope");
        assertProblem(post("/v1/jobs", body), 404, "not-found", "nope");
        var noNamespace = obj().put("type", "compaction");
        noNamespace.putObject("context").put("namespace", "ghost").put("table", "t");
        assertProblem(post("/v1/jobs", noNamespace), 404, "not-found", "ghost");
        assertThat(get("/v1/jobs").body().get("jobs")).as("nothing was queued").isEmpty();
        // the context keys are still checked as before
        assertProblem(post("/v1/jobs", obj().put("type", "compaction")), 400, "invalid-request", "namespace");
    }
}
