package io.deltacat.server.internal.http;

import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.error.ProblemType;
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

    /** One request as a route sees it. */
    record Call(String method, Map<String, String> params, Map<String, String> query, byte[] body) {
        String param(String name) {
            return params.get(name);
        }
    }

    record Route(String method, String template, String[] segments, Action action) {
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

    void add(String method, String template, Action action) {
        routes.add(new Route(method, template, template.substring(1).split("/", -1), action));
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
