package io.deltacat.transport.http.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deltacat.api.ClientConfig;
import io.deltacat.api.TokenProvider;
import io.deltacat.api.error.ServiceUnavailableException;
import io.deltacat.api.spi.Transport;
import io.deltacat.api.spi.TransportRequest;
import io.deltacat.api.spi.TransportResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Transport} on Apache HttpClient 5 (classic API, pooled connections). Thread-safe: one
 * instance serves all of a client's calls; {@link #close()} closes the pool.
 *
 * <p>Retries: a request that {@linkplain TransportRequest#retryable() may be resent} is resent after
 * an I/O failure (connection refused, connect or read timeout, dropped connection) or a
 * 429/502/503/504 answer, while the {@linkplain ClientConfig#retryWindow() retry window} since its
 * first attempt lasts and at most {@code maxRetries} times, with exponential backoff and jitter from
 * {@code retryBaseDelay} up to {@code retryMaxDelay} (a {@code Retry-After} header in seconds or as a
 * date is honoured, capped at {@link #MAX_DELAY}); no delay runs past the window's end, and one last
 * attempt is made at its end. So a restart of the server shorter than the window is ridden out. Any
 * other request is sent exactly once.
 */
final class HttpTransport implements Transport {
    /** The client version sent with every request in {@value #VERSION_HEADER}. */
    static final String CLIENT_VERSION = "0.1.0";
    static final String VERSION_HEADER = "DeltaCAT-Client-Version";
    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    static final String ACCEPT = "application/json, application/problem+json";
    static final int MAX_CONNECTIONS_PER_ROUTE = 32;
    static final int MAX_CONNECTIONS_TOTAL = 64;
    /** Upper bound of a delay asked for by {@code Retry-After}. */
    static final Duration MAX_DELAY = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    private static final ContentType JSON = ContentType.create("application/json");

    private final URI serverUri;
    private final String base;
    private final TokenProvider tokenProvider;
    private final int maxRetries;
    private final Duration retryBaseDelay;
    private final Duration retryMaxDelay;
    private final long retryWindowNanos;
    private final CloseableHttpClient http;
    private final ProblemMapper problems;
    private final AtomicBoolean closed = new AtomicBoolean();

    HttpTransport(ClientConfig config) {
        this.serverUri = config.uri();
        String s = serverUri.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        this.base = s;
        this.tokenProvider = config.tokenProvider() == null ? TokenProvider.none() : config.tokenProvider();
        this.maxRetries = Math.max(0, config.maxRetries());
        this.retryBaseDelay = config.retryBaseDelay();
        this.retryMaxDelay = config.retryMaxDelay();
        this.retryWindowNanos = config.retryWindow().toNanos();
        ObjectMapper mapper = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        this.problems = new ProblemMapper(mapper);

        Timeout connectTimeout = Timeout.of(config.connectTimeout());
        Timeout requestTimeout = Timeout.of(config.requestTimeout());
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(MAX_CONNECTIONS_PER_ROUTE)
                .setMaxConnTotal(MAX_CONNECTIONS_TOTAL)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connectTimeout)
                        .setSocketTimeout(requestTimeout)
                        // a connection idle this long is checked before reuse (servers drop idle ones)
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build())
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(connectTimeout)
                        .setResponseTimeout(requestTimeout)
                        .build())
                .setUserAgent("deltacat-java/" + CLIENT_VERSION)
                .disableAutomaticRetries()      // retries are ours: only for retryable requests
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictExpiredConnections()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
    }

    @Override
    public TransportResponse execute(TransportRequest request) {
        if (closed.get()) {
            throw new IllegalStateException("transport to " + serverUri + " is closed");
        }
        if (!request.path().startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + request.path());
        }
        URI uri = uriFor(request);
        boolean retryable = request.retryable();
        long firstAttempt = System.nanoTime();
        int attempt = 0;
        while (true) {
            Answer answer;
            try {
                answer = sendOnce(request, uri);
            } catch (IOException e) {
                if (!retryable) {
                    throw notResent(request, e);
                }
                Optional<Duration> delay = nextDelay(attempt, firstAttempt, Optional.empty());
                if (delay.isEmpty()) {
                    throw new ServiceUnavailableException(describe(request) + " failed after "
                            + (attempt + 1) + (attempt == 0 ? " attempt" : " attempts") + " in "
                            + elapsedMillis(firstAttempt) + " ms: " + e, e);
                }
                LOG.debug("{} failed ({}); retry {} in {} ms", describe(request), e, attempt + 1,
                        delay.get().toMillis());
                sleep(delay.get(), request, e);
                attempt++;
                continue;
            }
            int status = answer.status();
            if (status >= 200 && status < 300) {
                return new TransportResponse(status, answer.headers(), answer.body());
            }
            if (retryable && isRetryableStatus(status)) {
                Optional<Duration> delay = nextDelay(attempt, firstAttempt,
                        retryAfter(answer.headers().get("retry-after")));
                if (delay.isPresent()) {
                    LOG.debug("{} answered {}; retry {} in {} ms", describe(request), status, attempt + 1,
                            delay.get().toMillis());
                    sleep(delay.get(), request, null);
                    attempt++;
                    continue;
                }
            }
            throw problems.toException(request.method(), request.path(), status,
                    answer.headers().get("content-type"), answer.body());
        }
    }

    /**
     * The delay before retry number {@code attempt + 1}, or empty when the request must give up: out of
     * retries, out of the retry window, or the transport was closed meanwhile. The delay never runs past
     * the window's end.
     */
    private Optional<Duration> nextDelay(int attempt, long firstAttempt, Optional<Duration> retryAfter) {
        long remaining = retryWindowNanos - (System.nanoTime() - firstAttempt);
        if (attempt >= maxRetries || remaining <= 0 || closed.get()) {
            return Optional.empty();
        }
        Duration delay = backoff(attempt, retryAfter);
        return Optional.of(delay.toNanos() > remaining ? Duration.ofNanos(remaining) : delay);
    }

    private static long elapsedMillis(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            http.close(CloseMode.GRACEFUL);   // also closes the connection manager it owns
        }
    }

    private Answer sendOnce(TransportRequest request, URI uri) throws IOException {
        ClassicRequestBuilder b = ClassicRequestBuilder.create(request.method()).setUri(uri)
                .addHeader(VERSION_HEADER, CLIENT_VERSION)
                .addHeader("Accept", ACCEPT);
        Optional<String> token = tokenProvider.token();   // asked per attempt: providers may rotate
        if (token != null && token.isPresent() && !token.get().isBlank()) {
            b.addHeader("Authorization", "Bearer " + token.get());
        }
        request.idempotencyKey().ifPresent(key -> b.addHeader(IDEMPOTENCY_HEADER, key));
        if (request.body() != null) {
            b.setEntity(new ByteArrayEntity(request.body(), JSON));
        }
        ClassicHttpRequest httpRequest = b.build();
        return http.execute(httpRequest, response -> {
            HttpEntity entity = response.getEntity();
            byte[] body = entity == null ? new byte[0] : EntityUtils.toByteArray(entity);
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header h : response.getHeaders()) {
                headers.merge(h.getName().toLowerCase(Locale.ROOT), h.getValue() == null ? "" : h.getValue(),
                        (a, c) -> a + ", " + c);
            }
            return new Answer(response.getCode(), headers, body);
        });
    }

    private URI uriFor(TransportRequest request) {
        String query = UriEncoding.query(request.query());
        return URI.create(base + request.path() + (query.isEmpty() ? "" : "?" + query));
    }

    private ServiceUnavailableException notResent(TransportRequest request, IOException e) {
        String why = e instanceof ConnectException
                ? "could not connect (" + e.getMessage() + "); the request was not sent"
                : e + "; not resent because it is neither idempotent nor carries an idempotency key,"
                        + " so it may or may not have been applied";
        return new ServiceUnavailableException(describe(request) + " failed: " + why, e);
    }

    private String describe(TransportRequest request) {
        return request.method() + " " + request.path() + " to " + serverUri;
    }

    static boolean isRetryableStatus(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }

    /** Delay before retry number {@code attempt + 1}: Retry-After if given, else exponential with jitter. */
    Duration backoff(int attempt, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            Duration d = retryAfter.get();
            return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
        }
        long baseNanos = Math.max(0, retryBaseDelay.toNanos());
        long max = Math.max(0, retryMaxDelay.toNanos());
        long exp = attempt >= 40 ? max : Math.min(max, baseNanos << Math.min(attempt, 40));
        if (exp < 0 || exp > max) {
            exp = max;
        }
        // "equal jitter": half fixed, half random, so retries of many clients spread out
        long half = exp / 2;
        long jitter = half == 0 ? 0 : ThreadLocalRandom.current().nextLong(half + 1);
        return Duration.ofNanos(exp - half + jitter);
    }

    /** Parses {@code Retry-After} (delta-seconds or an HTTP date); empty when absent or unreadable. */
    static Optional<Duration> retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(seconds > MAX_DELAY.toSeconds()
                    ? MAX_DELAY : Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    private void sleep(Duration delay, TransportRequest request, IOException cause) {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis(), (int) (delay.toNanos() % 1_000_000));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            ServiceUnavailableException e = new ServiceUnavailableException(
                    describe(request) + " interrupted while waiting to retry", ie);
            if (cause != null) {
                e.addSuppressed(cause);
            }
            throw e;
        }
    }

    /** One answer off the wire, whatever its status. */
    private record Answer(int status, Map<String, String> headers, byte[] body) {
    }
}
