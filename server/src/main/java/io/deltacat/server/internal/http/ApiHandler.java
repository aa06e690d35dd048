package io.deltacat.server.internal.http;

import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.PayloadTooLargeException;
import io.deltacat.api.error.ProblemType;
import io.deltacat.server.DeltacatServer;
import io.deltacat.server.internal.idempotency.IdempotencyStore;
import io.deltacat.server.internal.idempotency.IdempotencyStore.StoredResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Jetty handler: authentication, routing on the raw path, the body limit, idempotency keys,
 * problem+json errors and the exchange listener.
 */
public final class ApiHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final int KEY_STRIPES = 64;

    private final ApiRoutes routes;
    private final IdempotencyStore idempotency;
    private final long maxBodyBytes;
    private final byte[] expectedAuthorization;
    private final DeltacatServer.ExchangeListener listener;
    private final Object[] keyLocks = new Object[KEY_STRIPES];

    public ApiHandler(ApiRoutes routes, IdempotencyStore idempotency, long maxBodyBytes, String authToken,
                      DeltacatServer.ExchangeListener listener) {
        super(InvocationType.BLOCKING);
        this.routes = routes;
        this.idempotency = idempotency;
        this.maxBodyBytes = maxBodyBytes;
        this.expectedAuthorization = authToken == null ? null
                : ("Bearer " + authToken).getBytes(StandardCharsets.UTF_8);
        this.listener = listener;
        for (int i = 0; i < KEY_STRIPES; i++) {
            keyLocks[i] = new Object();
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        String rawPath = request.getHttpURI().getPath();
        String rawQuery = request.getHttpURI().getQuery();
        String routeName = "";
        byte[] requestBody = new byte[0];
        HttpResult result;
        try {
            if (!authorized(request)) {
                result = HttpResult.problem(ProblemType.UNAUTHORIZED, "a valid 'Authorization: Bearer <token>' header is required")
                        .withHeader("WWW-Authenticate", "Bearer");
            } else {
                Router.Match match = routes.router().match(method, rawPath);
                routeName = match.route().name();
                requestBody = readBody(request);
                Router.Call call = new Router.Call(method, match.params(), PathCodec.query(rawQuery), requestBody);
                String key = request.getHeaders().get("Idempotency-Key");
                if (key != null && (method.equals("POST") || method.equals("DELETE"))) {
                    result = idempotent(key, method, rawQuery == null ? rawPath : rawPath + "?" + rawQuery,
                            match.route(), call);
                } else {
                    result = execute(match.route(), call);
                }
            }
        } catch (Router.MethodNotAllowed e) {
            result = Router.methodNotAllowed(method, e.allowed);
            // leave no unread body behind: the client may reuse the connection for its next request
            result = result.withHeader("Connection", "close");
        } catch (Throwable t) {
            result = toProblem(t, method, rawPath);
        }
        notifyListener(method, rawPath, routeName, requestBody, result);
        response.setStatus(result.status());
        result.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        if (result.contentType() != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, result.contentType());
        }
        response.write(true, ByteBuffer.wrap(result.body()), callback);
        return true;
    }

    private boolean authorized(Request request) {
        if (expectedAuthorization == null) {
            return true;
        }
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        return header != null && MessageDigest.isEqual(expectedAuthorization, header.getBytes(StandardCharsets.UTF_8));
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

    private HttpResult idempotent(String key, String method, String path, Router.Route route, Router.Call call)
            throws Exception {
        if (key.isEmpty() || key.length() > 128) {
            throw new InvalidRequestException("the Idempotency-Key header must have 1..128 characters");
        }
        String hash = IdempotencyStore.hash(call.body());
        synchronized (keyLocks[Math.floorMod(key.hashCode(), KEY_STRIPES)]) {
            Optional<StoredResponse> stored = idempotency.reserveOrReplay(key, method, path, hash);
            if (stored.isPresent()) {
                StoredResponse s = stored.get();
                LOG.debug("replaying the stored answer for idempotency key {}", key);
                return new HttpResult(s.status(), s.contentType(), s.body(), Map.of());
            }
            HttpResult result;
            try {
                result = execute(route, call);
            } catch (RuntimeException | Error e) {
                idempotency.releaseKey(key, method, path);
                throw e;
            }
            if (result.status() < 500) {
                idempotency.storeResponse(key, method, path, hash,
                        new StoredResponse(result.status(), result.contentType(), result.body()));
            } else {
                idempotency.releaseKey(key, method, path);
            }
            return result;
        }
    }

    private HttpResult execute(Router.Route route, Router.Call call) {
        try {
            return route.action().handle(call);
        } catch (Throwable t) {
            return toProblem(t, call.method(), route.template());
        }
    }

    private static HttpResult toProblem(Throwable t, String method, String path) {
        if (t instanceof DeltacatException) {
            DeltacatException e = (DeltacatException) t;
            if (e.problemType().status() >= 500) {
                LOG.error("{} {} failed", method, path, e);
            }
            return HttpResult.problem(e.problemType(), e.getMessage());
        }
        LOG.error("{} {} failed unexpectedly", method, path, t);
        return HttpResult.problem(ProblemType.SERVER_ERROR, "the server failed to handle the request; see its log");
    }

    private void notifyListener(String method, String rawPath, String route, byte[] requestBody, HttpResult result) {
        if (listener == null) {
            return;
        }
        try {
            listener.onExchange(new DeltacatServer.Exchange(method, rawPath, route, result.status(), requestBody,
                    result.contentType() == null ? "" : result.contentType(), result.body()));
        } catch (RuntimeException e) {
            LOG.warn("exchange listener failed", e);
        }
    }
}
