package io.deltacat.transport.http.internal;

import static io.deltacat.transport.http.internal.TestServer.drop;
import static io.deltacat.transport.http.internal.TestServer.problem;
import static io.deltacat.transport.http.internal.TestServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.TokenProvider;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.error.ProblemType;
import io.deltacat.api.error.ServerException;
import io.deltacat.api.error.ServiceUnavailableException;
import io.deltacat.api.spi.Transport;
import io.deltacat.api.spi.TransportFactory;
import io.deltacat.api.spi.TransportRequest;
import io.deltacat.api.spi.TransportResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HttpTransportTest {

    private TestServer server;
    private final List<Transport> transports = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new TestServer();
    }

    @AfterEach
    void stop() {
        transports.forEach(Transport::close);
        server.close();
    }

    private Transport transport(int maxRetries, TokenProvider tokens) {
        return transport(server.uri(), maxRetries, tokens);
    }

    private Transport transport(URI uri, int maxRetries, TokenProvider tokens) {
        ClientConfig config = ClientConfig.builder().uri(uri).tokenProvider(tokens)
                .maxRetries(maxRetries).retryBaseDelay(Duration.ofMillis(5))
                .connectTimeout(Duration.ofSeconds(5)).requestTimeout(Duration.ofSeconds(10)).build();
        Transport t = new HttpTransportFactory().create(config);
        transports.add(t);
        return t;
    }

    private static TransportRequest post(String path, String json, String key) {
        return new TransportRequest("POST", path, Map.of(), json.getBytes(StandardCharsets.UTF_8),
                Optional.ofNullable(key));
    }

    // ---- headers, query encoding, answers -----------------------------------------------------

    @Test
    void getSendsVersionAcceptBearerAndEncodesQuery() {
        server.then(respond(200, "application/json", "{\"ok\":true}", Map.of("X-Deltacat-Thing", "v1")));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("q", "a b+c");
        query.put("name", "ünï/&=?#%");
        query.put("asOf", "123");
        TransportResponse r = transport(0, () -> Optional.of("tok-1"))
                .execute(new TransportRequest("GET", "/v1/namespaces/my%20ns", query, null, Optional.empty()));

        assertThat(r.status()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        assertThat(r.headers()).containsEntry("x-deltacat-thing", "v1").containsEntry("content-type", "application/json");
        assertThat(r.headers().keySet()).allSatisfy(k -> assertThat(k).isEqualTo(k.toLowerCase()));

        TestServer.Received got = server.received().get(0);
        assertThat(got.method()).isEqualTo("GET");
        assertThat(got.rawPath()).isEqualTo("/v1/namespaces/my%20ns");
        assertThat(got.rawQuery()).isEqualTo("asOf=123&name=%C3%BCn%C3%AF%2F%26%3D%3F%23%25&q=a%20b%2Bc");
        assertThat(got.header("DeltaCAT-Client-Version")).isEqualTo("0.1.0");
        assertThat(got.header("Accept")).isEqualTo("application/json, application/problem+json");
        assertThat(got.header("Authorization")).isEqualTo("Bearer tok-1");
        assertThat(got.header("Idempotency-Key")).isNull();
        assertThat(got.header("Content-Type")).isNull();
    }

    @Test
    void postSendsBodyContentTypeAndIdempotencyKey() {
        server.then(respond(201, "application/json", "{\"name\":\"ns\"}"));
        TransportResponse r = transport(0, TokenProvider.none())
                .execute(post("/v1/namespaces", "{\"name\":\"ns\"}", "key-123"));

        assertThat(r.status()).isEqualTo(201);
        TestServer.Received got = server.received().get(0);
        assertThat(got.method()).isEqualTo("POST");
        assertThat(got.header("Idempotency-Key")).isEqualTo("key-123");
        assertThat(got.header("Content-Type")).isEqualTo("application/json");
        assertThat(got.header("DeltaCAT-Client-Version")).isEqualTo("0.1.0");
        assertThat(got.header("Authorization")).as("no token, no header").isNull();
        assertThat(new String(got.body(), StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"ns\"}");
    }

    @Test
    void noContentAnswerHasEmptyBody() {
        server.then(respond(204, null, null));
        TransportResponse r = transport(0, TokenProvider.none()).execute(
                new TransportRequest("DELETE", "/v1/namespaces/x", Map.of(), null, Optional.of("k")));
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void serverUriWithPathPrefixIsKept() {
        transport(URI.create(server.uri() + "/prefix/"), 0, TokenProvider.none()).execute(TransportRequest.get("/v1/config"));
        assertThat(server.received().get(0).rawPath()).isEqualTo("/prefix/v1/config");
    }

    @Test
    void tokenIsAskedForOnEveryAttempt() {
        AtomicInteger calls = new AtomicInteger();
        TokenProvider rotating = () -> Optional.of("tok-" + calls.incrementAndGet());
        server.then(problem(503, ProblemType.UNAVAILABLE.uri(), "Service unavailable", "busy"));
        transport(2, rotating).execute(TransportRequest.get("/v1/config"));

        assertThat(server.received()).extracting(rec -> rec.header("Authorization"))
                .containsExactly("Bearer tok-1", "Bearer tok-2");
    }

    // ---- error mapping ---------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(ProblemType.class)
    void problemJsonMapsToItsException(ProblemType type) {
        server.then(problem(type.status(), type.uri(), type.title(), "detail of " + type));
        DeltacatException e = catchThrowableOfType(DeltacatException.class,
                () -> transport(0, TokenProvider.none()).execute(TransportRequest.get("/v1/x")));

        assertThat(e).isExactlyInstanceOf(type.toException("x", null).getClass());
        assertThat(e.problemType()).isEqualTo(type);
        assertThat(e).hasMessage("detail of " + type);
    }

    @Test
    void problemWithoutDetailUsesTitle() {
        server.then(problem(409, ProblemType.CONFLICT.uri(), "Conflict on table t", null));
        assertThatThrownBy(() -> transport(0, TokenProvider.none()).execute(post("/v1/x", "{}", "k")))
                .isExactlyInstanceOf(ConflictException.class).hasMessage("Conflict on table t");
    }

    @Test
    void unknownProblemTypeFromNewerServerMapsByStatus() {
        server.then(problem(404, "urn:deltacat:problem:some-future-kind", "Gone fishing", "no such thing"));
        assertThatThrownBy(() -> transport(0, TokenProvider.none()).execute(TransportRequest.get("/v1/x")))
                .isExactlyInstanceOf(NotFoundException.class).hasMessage("no such thing");
    }

    @Test
    void nonJsonServerErrorMapsByStatusWithSnippet() {
        server.then(respond(500, "text/html", "<html><body>Internal   failure\nin proxy</body></html>"));
        assertThatThrownBy(() -> transport(0, TokenProvider.none()).execute(TransportRequest.get("/v1/x")))
                .isExactlyInstanceOf(ServerException.class)
                .hasMessageContaining("500")
                .hasMessageContaining("GET /v1/x")
                .hasMessageContaining("<html><body>Internal failure in proxy</body></html>");
    }

    @Test
    void brokenJsonErrorBodyStillMapsByStatus() {
        server.then(respond(404, "application/problem+json", "{\"type\": \"urn:deltacat:prob"));
        assertThatThrownBy(() -> transport(0, TokenProvider.none()).execute(TransportRequest.get("/v1/x")))
                .isExactlyInstanceOf(NotFoundException.class).hasMessageContaining("404");
    }

    @Test
    void longErrorBodyIsCut() {
        server.then(respond(502, "text/plain", "x".repeat(10_000)));
        Throwable e = catchThrowableOfType(ServiceUnavailableException.class,
                () -> transport(0, TokenProvider.none()).execute(TransportRequest.get("/v1/x")));
        assertThat(e.getMessage()).contains("502").hasSizeLessThan(400);
    }

    // ---- retries ---------------------------------------------------------------------------

    @Test
    void getIsRetriedAfter503ThenSucceeds() {
        server.then(problem(503, ProblemType.UNAVAILABLE.uri(), "Service unavailable", "warming up"))
                .then(respond(503, "text/plain", "busy", Map.of("Retry-After", "0")))
                .then(respond(200, "application/json", "{\"v\":1}"));
        TransportResponse r = transport(3, TokenProvider.none()).execute(TransportRequest.get("/v1/config"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(server.received()).hasSize(3);
    }

    @Test
    void getIsRetriedAfter429And502And504() {
        server.then(respond(429, "text/plain", "slow down", Map.of("Retry-After", "0")))
                .then(respond(502, "text/plain", "bad gateway"))
                .then(respond(504, "text/plain", "timeout"))
                .then(respond(200, "application/json", "{}"));
        assertThat(transport(3, TokenProvider.none()).execute(TransportRequest.get("/v1/x")).status()).isEqualTo(200);
        assertThat(server.received()).hasSize(4);
    }

    @Test
    void postWithKeyIsResentWithSameKeyAfterDroppedConnection() {
        server.then(drop()).then(respond(201, "application/json", "{\"id\":\"w1\"}"));
        TransportResponse r = transport(3, TokenProvider.none())
                .execute(post("/v1/namespaces/ns/tables/t/writes", "{\"mode\":\"append\"}", "key-abc"));

        assertThat(r.status()).isEqualTo(201);
        assertThat(server.received()).hasSize(2)
                .allSatisfy(rec -> {
                    assertThat(rec.method()).isEqualTo("POST");
                    assertThat(rec.header("Idempotency-Key")).isEqualTo("key-abc");
                    assertThat(new String(rec.body(), StandardCharsets.UTF_8)).isEqualTo("{\"mode\":\"append\"}");
                });
    }

    @Test
    void postWithoutKeyIsNeverResentAfterDroppedConnection() {
        server.then(drop()).otherwise(respond(201, "application/json", "{}"));
        Throwable e = catchThrowableOfType(ServiceUnavailableException.class,
                () -> transport(5, TokenProvider.none()).execute(post("/v1/x/commit", "{}", null)));

        assertThat(server.received()).hasSize(1);
        assertThat(e).hasMessageContaining("POST /v1/x/commit").hasMessageContaining(server.uri().toString())
                .hasMessageContaining("may or may not have been applied");
        assertThat(e.getCause()).isInstanceOf(IOException.class);
    }

    @Test
    void postWithoutKeyIsNeverResentAfter503() {
        server.otherwise(problem(503, ProblemType.UNAVAILABLE.uri(), "Service unavailable", "busy"));
        assertThatThrownBy(() -> transport(5, TokenProvider.none()).execute(post("/v1/x", "{}", null)))
                .isExactlyInstanceOf(ServiceUnavailableException.class).hasMessage("busy");
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void non5xxErrorsAreNotRetried() {
        server.otherwise(problem(500, ProblemType.SERVER_ERROR.uri(), "Internal server error", "boom"));
        assertThatThrownBy(() -> transport(3, TokenProvider.none()).execute(TransportRequest.get("/v1/x")))
                .isExactlyInstanceOf(ServerException.class).hasMessage("boom");
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void givesUpAfterMaxRetriesOf503() {
        server.otherwise(problem(503, ProblemType.UNAVAILABLE.uri(), "Service unavailable", "still busy"));
        assertThatThrownBy(() -> transport(2, TokenProvider.none()).execute(TransportRequest.get("/v1/x")))
                .isExactlyInstanceOf(ServiceUnavailableException.class).hasMessage("still busy");
        assertThat(server.received()).hasSize(3);
    }

    @Test
    void givesUpAfterMaxRetriesOfDroppedConnections() {
        server.otherwise(drop());
        Throwable e = catchThrowableOfType(ServiceUnavailableException.class,
                () -> transport(2, TokenProvider.none()).execute(TransportRequest.get("/v1/tables")));

        assertThat(server.received()).hasSize(3);
        assertThat(e).hasMessageContaining("GET /v1/tables").hasMessageContaining(server.uri().toString())
                .hasMessageContaining("3 attempts");
        assertThat(e.getCause()).isInstanceOf(IOException.class);
    }

    @Test
    void connectionRefusedGivesServiceUnavailable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI dead = URI.create("http://127.0.0.1:" + port);
        Throwable e = catchThrowableOfType(ServiceUnavailableException.class,
                () -> transport(dead, 1, TokenProvider.none()).execute(TransportRequest.get("/v1/config")));
        assertThat(e).hasMessageContaining("GET /v1/config").hasMessageContaining(dead.toString());
        assertThat(e.getCause()).isInstanceOf(java.net.ConnectException.class);

        Throwable p = catchThrowableOfType(ServiceUnavailableException.class,
                () -> transport(dead, 1, TokenProvider.none()).execute(post("/v1/x", "{}", null)));
        assertThat(p).hasMessageContaining("not sent");
    }

    @Test
    void connectionRefusedIsRetriedUntilTheRetryWindowEnds() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ClientConfig config = ClientConfig.builder().uri("http://127.0.0.1:" + port)
                .retryBaseDelay(Duration.ofMillis(20)).retryMaxDelay(Duration.ofMillis(100))
                .retryWindow(Duration.ofMillis(800)).build();
        Transport t = new HttpTransportFactory().create(config);
        transports.add(t);
        long began = System.nanoTime();
        Throwable e = catchThrowableOfType(ServiceUnavailableException.class,
                () -> t.execute(post("/v1/x/commit", "{}", "key-1")));
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        assertThat(took).as("kept trying for the whole window, then stopped")
                .isBetween(Duration.ofMillis(800), Duration.ofMillis(3000));
        assertThat(e).hasMessageContaining("POST /v1/x/commit").hasMessageContaining("attempts");
        Matcher m = Pattern.compile("after (\\d+) attempts").matcher(e.getMessage());
        assertThat(m.find()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).as("backoff capped at 100 ms per attempt").isGreaterThan(8);
        assertThat(e.getCause()).isInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void defaultsRideOutARestartOfThirtySeconds() {
        ClientConfig defaults = ClientConfig.builder().uri(server.uri()).build();
        assertThat(defaults.retryWindow()).isGreaterThanOrEqualTo(Duration.ofSeconds(30).plus(defaults.retryMaxDelay()));
        assertThat(defaults.maxRetries()).as("the window decides").isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void aLongRetryAfterIsCutAtTheWindowsEnd() {
        server.otherwise(respond(503, "text/plain", "restarting", Map.of("Retry-After", "30")));
        ClientConfig config = ClientConfig.builder().uri(server.uri()).retryWindow(Duration.ofMillis(400)).build();
        Transport t = new HttpTransportFactory().create(config);
        transports.add(t);
        long began = System.nanoTime();
        assertThatThrownBy(() -> t.execute(TransportRequest.get("/v1/x")))
                .isExactlyInstanceOf(ServiceUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isBetween(Duration.ofMillis(400), Duration.ofMillis(3000));
        assertThat(server.received()).as("the first attempt and one at the window's end").hasSize(2);
    }

    @Test
    void aZeroWindowSendsOnce() {
        server.otherwise(respond(503, "text/plain", "busy"));
        ClientConfig config = ClientConfig.builder().uri(server.uri()).retryWindow(Duration.ZERO).build();
        Transport t = new HttpTransportFactory().create(config);
        transports.add(t);
        assertThatThrownBy(() -> t.execute(TransportRequest.get("/v1/x"))).isInstanceOf(ServiceUnavailableException.class);
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void slowAnswerTimesOutAndIsRetried() {
        server.then(ex -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            respond(200, "application/json", "{\"late\":true}").handle(ex);
        }).then(respond(200, "application/json", "{\"late\":false}"));
        ClientConfig config = ClientConfig.builder().uri(server.uri()).maxRetries(1)
                .retryBaseDelay(Duration.ofMillis(1)).requestTimeout(Duration.ofMillis(300)).build();
        Transport t = new HttpTransportFactory().create(config);
        transports.add(t);
        TransportResponse r = t.execute(TransportRequest.get("/v1/x"));
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"late\":false}");
    }

    // ---- plumbing --------------------------------------------------------------------------

    @Test
    void concurrentCallsShareOneTransport() throws Exception {
        Transport t = transport(0, () -> Optional.of("tok"));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                results.add(pool.submit(() -> t.execute(new TransportRequest("GET", "/v1/items",
                        Map.of("n", Integer.toString(n)), null, Optional.empty())).status()));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.received()).hasSize(200);
    }

    @Test
    void closedTransportRefusesCalls() {
        Transport t = transport(0, TokenProvider.none());
        t.close();
        t.close();
        assertThatThrownBy(() -> t.execute(TransportRequest.get("/v1/config"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void factorySupportsHttpSchemesOnly() {
        TransportFactory f = new HttpTransportFactory();
        assertThat(f.supports(URI.create("http://localhost:8080"))).isTrue();
        assertThat(f.supports(URI.create("HTTPS://example.com"))).isTrue();
        assertThat(f.supports(URI.create("file:///tmp"))).isFalse();
        assertThat(f.supports(URI.create("s3://bucket/x"))).isFalse();
        assertThat(f.supports(URI.create("relative/path"))).isFalse();
        assertThatThrownBy(() -> f.create(ClientConfig.builder().uri("grpc://x:1").build()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void moduleProvidesTheFactory() {
        Module module = HttpTransportFactory.class.getModule();
        assertThat(module.isNamed()).isTrue();
        assertThat(module.getName()).isEqualTo("io.deltacat.transport.http");
        assertThat(module.getDescriptor().provides()).anySatisfy(p -> {
            assertThat(p.service()).isEqualTo(TransportFactory.class.getName());
            assertThat(p.providers()).containsExactly(HttpTransportFactory.class.getName());
        });
        assertThat(module.getDescriptor().exports()).isEmpty();
    }

    @Test
    void backoffGrowsWithJitterAndIsCapped() {
        ClientConfig config = ClientConfig.builder().uri(server.uri()).retryBaseDelay(Duration.ofMillis(100)).build();
        HttpTransport t = new HttpTransport(config);
        transports.add(t);
        for (int i = 0; i < 50; i++) {
            assertThat(t.backoff(0, Optional.empty())).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
            assertThat(t.backoff(3, Optional.empty())).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
            assertThat(t.backoff(60, Optional.empty())).as("capped at retryMaxDelay")
                    .isBetween(config.retryMaxDelay().dividedBy(2), config.retryMaxDelay());
        }
        assertThat(t.backoff(0, Optional.of(Duration.ofSeconds(2)))).isEqualTo(Duration.ofSeconds(2));
        assertThat(t.backoff(0, Optional.of(Duration.ofHours(2)))).isEqualTo(HttpTransport.MAX_DELAY);
        assertThat(HttpTransport.retryAfter("7")).contains(Duration.ofSeconds(7));
        assertThat(HttpTransport.retryAfter("99999")).contains(HttpTransport.MAX_DELAY);
        assertThat(HttpTransport.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
        assertThat(HttpTransport.retryAfter("soon")).isEmpty();
        assertThat(HttpTransport.retryAfter(null)).isEmpty();
    }
}
