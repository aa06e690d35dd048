package io.deltacat.server.internal.http;

import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.PayloadTooLargeException;
import io.deltacat.api.error.ProblemType;
import io.deltacat.server.DeltacatServer;
import io.deltacat.server.internal.auth.AccessRules;
import io.deltacat.server.internal.auth.Principal;
import io.deltacat.server.internal.auth.RunTokens;
import io.deltacat.server.internal.auth.Users;
import io.deltacat.server.internal.idempotency.IdempotencyStore;
import io.deltacat.server.internal.idempotency.IdempotencyStore.StoredResponse;
import io.deltacat.server.internal.store.Database;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Jetty handler: authentication, the client version check, routing on the raw path, the body
 * limit, idempotency keys, problem+json errors, the exchange listener and the access log.
 *
 * <p>Every answer carries an {@value #REQUEST_ID_HEADER} header with an id made for the request; the
 * access log line ({@value #ACCESS_LOGGER} at INFO: method, route template or path, status, duration,
 * request id; never headers, tokens or bodies) and any error logged for the request carry the same id.
 * Client errors (4xx) are not logged beyond that line (their detail at DEBUG); server errors (5xx) are
 * logged once with their stack trace, except 503 for a busy database, which is one WARN line.
 */
public final class ApiHandler extends Handler.Abstract {
    /** The SLF4J logger name of the access log. */
    public static final String ACCESS_LOGGER = "io.deltacat.server.access";
    /** The response header naming the request's id. */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final Logger ACCESS = LoggerFactory.getLogger(ACCESS_LOGGER);
    /** Seconds a client should wait before retrying a 503 (the database was busy for about 2 s). */
    private static final String RETRY_AFTER_SECONDS = "1";
    private static final String CONFIG_ROUTE = "GET /v1/config";
    private static final String SUBMIT_ROUTE = "POST /v1/jobs";

    private final ApiRoutes routes;
    private final IdempotencyStore idempotency;
    private final long maxBodyBytes;
    private final Authenticator authenticator;
    /** The access rule of every route, on a server with users; null without. */
    private final AccessRules rules;
    /** The rules a run token's principal is held to, whether or not the server has users. */
    private final AccessRules runRules;
    private final ClientVersions clientVersions = new ClientVersions(ApiRoutes.MINIMUM_CLIENT_VERSION);
    private final String requestIdPrefix = Long.toHexString(0x1_0000_0000L + (new java.security.SecureRandom().nextInt()
            & 0xffff_ffffL)).substring(1) + "-";
    private final java.util.concurrent.atomic.AtomicLong requestCount = new java.util.concurrent.atomic.AtomicLong();
    private final DeltacatServer.ExchangeListener listener;
    private final Database db;
    private final Predicate<DeltacatServer.Exchange> answerFault;

    /**
     * @param answerFault for fault-injection tests (null in service): when it returns true for an
     *                    exchange, the connection is dropped instead of answering, as if the answer were
     *                    lost on its way back; the operation's effects stay as they are
     */
    public ApiHandler(ApiRoutes routes, Database db, IdempotencyStore idempotency, long maxBodyBytes,
                      String authToken, Users users, DeltacatServer.ExchangeListener listener,
                      Predicate<DeltacatServer.Exchange> answerFault) {
        super(InvocationType.BLOCKING);
        this.routes = routes;
        this.idempotency = idempotency;
        this.maxBodyBytes = maxBodyBytes;
        RunTokens runTokens = new RunTokens(db);
        this.authenticator = new Authenticator(authToken, users, runTokens);
        this.rules = users == null ? null : new AccessRules(users, runTokens);
        // a run's token is checked in every mode (a server with one shared token trusts its holder fully,
        // not a run's remote execution)
        this.runRules = new AccessRules(users == null ? new Users(db, System::nanoTime) : users, runTokens);
        this.listener = listener;
        this.db = db;
        this.answerFault = answerFault;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long started = System.nanoTime();
        String requestId = requestId();
        String method = request.getMethod();
        String rawPath = request.getHttpURI().getPath();
        String rawQuery = request.getHttpURI().getQuery();
        String routeName = "";
        String template = "";
        byte[] requestBody = new byte[0];
        boolean bodyRead = false;
        HttpResult result;
        try {
            Optional<Principal> who = authenticator.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION));
            if (who.isEmpty() && authenticator.usersEnabled() && method.equals("GET") && rawPath.equals("/v1/config")) {
                who = Optional.of(Authenticator.NOBODY); // how a client learns the server before it has a token
            }
            if (who.isEmpty()) {
                result = HttpResult.problem(ProblemType.UNAUTHORIZED, "a valid 'Authorization: Bearer <token>' header is required")
                        .withHeader("WWW-Authenticate", "Bearer");
            } else {
                Router.Match match = routes.router().match(method, rawPath);
                routeName = match.route().name();
                template = match.route().template();
                if (!routeName.equals(CONFIG_ROUTE)) {
                    // GET /v1/config stays open to every client: it is how a client learns the minimum
                    clientVersions.check(request.getHeaders().get(ClientVersions.HEADER));
                }
                requestBody = readBody(request);
                bodyRead = true;
                if (rules != null || who.get().runId().isPresent()) {
                    (rules != null ? rules : runRules).check(who.get(), routeName, new AccessRules.Request(match.params(),
                            routeName.equals(SUBMIT_ROUTE) ? compactionNamespace(requestBody) : Optional.empty()));
                }
                String key = request.getHeaders().get("Idempotency-Key");
                boolean keyed = key != null && (method.equals("POST") || method.equals("DELETE"));
                Router.Resend resend = match.route().resend();
                if (keyed && (key.isEmpty() || key.length() > 128)) {
                    throw new InvalidRequestException("the Idempotency-Key header must have 1..128 characters");
                }
                Router.Call call = new Router.Call(method, match.params(), PathCodec.query(rawQuery), requestBody,
                        keyed && resend == Router.Resend.BY_IDS ? key : null, who.get());
                if (keyed && resend == Router.Resend.ATOMIC) {
                    result = atomic(key, method, rawQuery == null ? rawPath : rawPath + "?" + rawQuery,
                            match.route(), call, requestId);
                } else {
                    result = execute(match.route(), call, requestId);
                }
            }
        } catch (Router.MethodNotAllowed e) {
            result = Router.methodNotAllowed(method, e.allowed);
            // leave no unread body behind: the client may reuse the connection for its next request
            result = result.withHeader("Connection", "close");
        } catch (Throwable t) {
            result = toProblem(t, method, template.isEmpty() ? rawPath : template, requestId);
        }
        if (!bodyRead && (request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING))) {
            // answered before the body was read (a refusal, 413 among them): what is left of it would be read as
            // the next request, so the connection ends with this answer, and says so, or a client keeping it would
            // send its next request onto a connection the server drops
            result = result.withHeader("Connection", "close");
        }
        DeltacatServer.Exchange exchange = listener == null && answerFault == null ? null
                : new DeltacatServer.Exchange(method, rawPath, routeName, result.status(), requestBody,
                        result.contentType() == null ? "" : result.contentType(), result.body());
        notifyListener(exchange);
        if (answerFault != null && answerFault.test(exchange)) {
            LOG.info("dropping the answer to {} {} (fault injection, id={})", method, rawPath, requestId);
            request.getConnectionMetaData().getConnection().getEndPoint().close();
            callback.failed(new IOException("answer dropped by fault injection"));
            return true;
        }
        response.setStatus(result.status());
        result.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        response.getHeaders().put(REQUEST_ID_HEADER, requestId);
        if (result.contentType() != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, result.contentType());
        }
        ACCESS.info("{} {} {} {}ms id={}", method, template.isEmpty() ? rawPath : template, result.status(),
                (System.nanoTime() - started) / 1_000_000, requestId);
        response.write(true, ByteBuffer.wrap(result.body()), callback);
        return true;
    }

    /** The namespace of a compaction job a submission's body names (for its access rule); else empty. */
    private static Optional<String> compactionNamespace(byte[] body) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = Json.MAPPER.readTree(body);
            if (n != null && "compaction".equals(n.path("type").asText(null))) {
                return Optional.of(n.path("context").path("namespace").asText(""));
            }
        } catch (IOException e) {
            // not JSON: the route refuses it with its own message; the submitter needs the worker role
        }
        return Optional.empty();
    }

    private byte[] readBody(Request request) throws IOException {
        long declared = request.getLength();
        if (declared > maxBodyBytes) {
            throw new PayloadTooLargeException("the request body has " + declared + " bytes; the limit is "
                    + maxBodyBytes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                if (out.size() > maxBodyBytes) {
                    throw new PayloadTooLargeException("the request body exceeds the limit of " + maxBodyBytes + " bytes");
                }
            }
        }
        return out.toByteArray();
    }

    /**
     * Runs a keyed {@link Router.Resend#ATOMIC} request in one database transaction with its answer:
     * the route's own transactions join it, so the effects and the stored answer commit together or
     * not at all. A concurrent request with the same key waits on the key's row only until this
     * transaction ends, then replays its answer. A refusal (4xx) is stored too (what the route's failed
     * statements did is undone by their savepoints); a server error stores nothing and undoes all.
     */
    private HttpResult atomic(String key, String method, String path, Router.Route route, Router.Call call,
                              String requestId) throws Exception {
        String hash = IdempotencyStore.hash(call.body());
        try {
            return db.tx(c -> {
                Optional<StoredResponse> stored = idempotency.claim(c, key, method, path, hash);
                if (stored.isPresent()) {
                    StoredResponse s = stored.get();
                    LOG.debug("replaying the stored answer for idempotency key {}", key);
                    return new HttpResult(s.status(), s.contentType(), s.body(), Map.of());
                }
                HttpResult result;
                try {
                    result = route.action().handle(call);
                } catch (DeltacatException e) {
                    if (e.problemType().status() >= 500) {
                        throw new Undone(toProblem(e, method, route.template(), requestId));
                    }
                    result = toProblem(e, method, route.template(), requestId);
                } catch (SQLException | RuntimeException | Error e) {
                    throw e; // a transient failure re-runs the whole request; any other is answered below
                } catch (Exception e) {
                    throw new Undone(toProblem(e, method, route.template(), requestId));
                }
                if (result.status() >= 500) {
                    throw new Undone(result);
                }
                idempotency.answer(c, key, new StoredResponse(result.status(), result.contentType(), result.body()));
                return result;
            });
        } catch (Undone u) {
            return u.result;
        }
    }

    /** Rolls a keyed request's transaction back, answering {@code result} (a server error). */
    private static final class Undone extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient HttpResult result;

        Undone(HttpResult result) {
            super(null, null, false, false);
            this.result = result;
        }
    }

    private HttpResult execute(Router.Route route, Router.Call call, String requestId) {
        try {
            return route.action().handle(call);
        } catch (Throwable t) {
            return toProblem(t, call.method(), route.template(), requestId);
        }
    }

    /**
     * A request id for logs and the {@code X-Request-Id} header: this server's random prefix and a
     * counter, unique per process without drawing on a secure random source for every request.
     */
    private String requestId() {
        // fixed width, so no id is a prefix or a part of another in a log search
        return requestIdPrefix + Long.toHexString(0x1_0000_0000_0000L + requestCount.incrementAndGet()).substring(1);
    }

    private static HttpResult toProblem(Throwable t, String method, String path, String requestId) {
        if (t instanceof DeltacatException) {
            DeltacatException e = (DeltacatException) t;
            ProblemType type = e.problemType();
            if (type == ProblemType.UNAVAILABLE) {
                // transient (a busy database): the client retries after Retry-After; no stack trace
                LOG.warn("{} {} answered 503 (id={}): {}", method, path, requestId, e.getMessage());
                return HttpResult.problem(type, e.getMessage()).withHeader("Retry-After", RETRY_AFTER_SECONDS);
            }
            if (type.status() >= 500) {
                LOG.error("{} {} failed (id={})", method, path, requestId, e);
            } else {
                LOG.debug("{} {} refused with {} (id={}): {}", method, path, type.status(), requestId, e.getMessage());
            }
            return HttpResult.problem(type, e.getMessage());
        }
        LOG.error("{} {} failed unexpectedly (id={})", method, path, requestId, t);
        return HttpResult.problem(ProblemType.SERVER_ERROR, "the server failed to handle the request; see its log"
                + " (request id " + requestId + ")");
    }

    private void notifyListener(DeltacatServer.Exchange exchange) {
        if (listener == null) {
            return;
        }
        try {
            listener.onExchange(exchange);
        } catch (RuntimeException e) {
            LOG.warn("exchange listener failed", e);
        }
    }
}
