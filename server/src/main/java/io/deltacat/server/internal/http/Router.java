package io.deltacat.server.internal.http;

import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.error.ProblemType;
import io.deltacat.server.internal.auth.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches a raw (still percent-encoded) path against route templates segment by segment and
 * decodes each parameter segment on its own, so "%2F" stays inside a name.
 */
final class Router {
    /** What a route does with a call. */
    @FunctionalInterface
    interface Action {
        HttpResult handle(Call call) throws Exception;
    }

    /**
     * What an {@code Idempotency-Key} on a POST or DELETE does for a route, so that a resend after a
     * lost answer never runs the operation twice.
     */
    enum Resend {
        /** A read sent as POST (a plan): the key is ignored and nothing is kept; a resend reads again. */
        READ,
        /**
         * Effects in the metadata database only: the answer is stored in the same database transaction
         * as the effects, so either both happened or neither did, and a resend replays the answer.
         */
        ATOMIC,
        /**
         * The operation itself resolves a resend to its first outcome, by its ids (a write's commit id,
         * a transaction id), its fencing token (a job's holder) or the key it records with its effects
         * ({@link Call#idempotencyKey()}): used where the operation touches storage or a long section
         * that must not run inside one database transaction, and where no stored answer is needed.
         */
        BY_IDS
    }

    /**
     * One request as a route sees it; {@code idempotencyKey} is the request's {@code Idempotency-Key}
     * header, or null (only {@link Resend#BY_IDS} routes read it); {@code principal} is who sent it.
     */
    record Call(String method, Map<String, String> params, Map<String, String> query, byte[] body,
                String idempotencyKey, Principal principal) {
        Call(String method, Map<String, String> params, Map<String, String> query, byte[] body) {
            this(method, params, query, body, null, Principal.UNRESTRICTED);
        }

        String param(String name) {
            return params.get(name);
        }
    }

    record Route(String method, String template, String[] segments, Resend resend, Action action) {
        /** The route as listed in /v1/config, e.g. "GET /v1/namespaces/{namespace}". */
        String name() {
            return method + " " + template;
        }
    }

    record Match(Route route, Map<String, String> params) {
    }

    /** A path served by routes, but not with this method. */
    static final class MethodNotAllowed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Set<String> allowed;

        MethodNotAllowed(Set<String> allowed) {
            super(null, null, false, false);
            this.allowed = allowed;
        }
    }

    private final List<Route> routes = new ArrayList<>();

    /** Adds a route; a keyed POST or DELETE stores its answer with its effects ({@link Resend#ATOMIC}). */
    void add(String method, String template, Action action) {
        add(method, template, Resend.ATOMIC, action);
    }

    void add(String method, String template, Resend resend, Action action) {
        routes.add(new Route(method, template, template.substring(1).split("/", -1), resend, action));
    }

    List<String> names() {
        return routes.stream().map(Route::name).toList();
    }

    /**
     * @throws NotFoundException when no route serves the path
     * @throws MethodNotAllowed when routes serve the path, but not with {@code method}
     */
    Match match(String method, String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            throw new NotFoundException("no route for " + method + " " + rawPath);
        }
        String[] segments = rawPath.substring(1).split("/", -1);
        Set<String> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            if (!shapeMatches(r.segments(), segments)) {
                continue;
            }
            if (!r.method().equals(method)) {
                allowed.add(r.method());
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < segments.length; i++) {
                String t = r.segments()[i];
                if (t.startsWith("{")) {
                    params.put(t.substring(1, t.length() - 1), PathCodec.decode(segments[i]));
                }
            }
            return new Match(r, params);
        }
        if (!allowed.isEmpty()) {
            throw new MethodNotAllowed(allowed);
        }
        throw new NotFoundException("no route for " + method + " " + rawPath);
    }

    private static boolean shapeMatches(String[] template, String[] segments) {
        if (template.length != segments.length) {
            return false;
        }
        for (int i = 0; i < template.length; i++) {
            if (!template[i].startsWith("{") && !template[i].equals(segments[i])) {
                return false;
            }
        }
        return true;
    }

    static HttpResult methodNotAllowed(String method, Set<String> allowed) {
        return HttpResult.problem(ProblemType.INVALID_REQUEST, 405, "Method not allowed",
                "method " + method + " is not allowed here; allowed: " + String.join(", ", allowed))
                .withHeader("Allow", String.join(", ", allowed));
    }
}
