package io.deltacat.mcp.server.internal;

import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The REST route a tool mirrors, and how its arguments map onto that route: path parameters by name,
 * query parameters whose values are a wire enum, the fields of the route's request body (a record of
 * {@code io.deltacat.wire}), and the tool's own arguments that the route has no counterpart for (each
 * with the reason). The tool's input schema takes the wire types of the arguments it shares with the
 * body and query ({@link ToolSchemas}); {@code ToolSchemaDocumentTest} checks every argument, and the
 * result of a tool that answers the route's response, against {@code openapi/deltacat-api.yaml}, so a
 * tool cannot drift from the route it stands for.
 *
 * @param method   the HTTP method, e.g. {@code POST}; {@code null} for a tool that mirrors no route
 * @param path     the document's path template, e.g. {@code /v1/jobs/{jobId}}
 * @param body     the wire record of the request body, or {@code null}
 * @param query    query parameters whose values are a wire enum's, by name
 * @param own      the tool's arguments the route lacks, with why
 * @param response whether the tool answers the route's response as the Java API models it (then its
 *                 result's fields are checked against the response schema)
 */
record WireMirror(String method, String path, Class<? extends Record> body, Map<String, Class<?>> query,
                  Map<String, String> own, boolean response) {
    /** A tool of MCP's own (no REST route stands for it). */
    static final WireMirror NONE = new WireMirror(null, null, null, Map.of(), Map.of(), false);

    WireMirror {
        query = Map.copyOf(query);
        own = Map.copyOf(own);
    }

    /** A tool standing for {@code method path}, answering the route's response. */
    static WireMirror of(String method, String path) {
        return new WireMirror(Objects.requireNonNull(method), Objects.requireNonNull(path), null, Map.of(), Map.of(),
                true);
    }

    /** Whether this is a tool of MCP's own. */
    boolean none() {
        return method == null;
    }

    /** With the request body's wire record. */
    WireMirror body(Class<? extends Record> wireBody) {
        return new WireMirror(method, path, wireBody, query, own, response);
    }

    /** With a query parameter whose values are those of a wire enum. */
    WireMirror query(String name, Class<?> wireEnum) {
        Map<String, Class<?>> q = new LinkedHashMap<>(query);
        q.put(name, wireEnum);
        return new WireMirror(method, path, body, q, own, response);
    }

    /** With an argument of the tool's own. */
    WireMirror own(String argument, String why) {
        Map<String, String> o = new LinkedHashMap<>(own);
        o.put(argument, why);
        return new WireMirror(method, path, body, query, o, response);
    }

    /** Answering something other than the route's response (a summary, a wrapper, an acknowledgement). */
    WireMirror ownResult() {
        return new WireMirror(method, path, body, query, own, false);
    }

    /**
     * The wire type of an argument the tool shares with the route's body or query, or {@code null}: the
     * tool's schema then states the document's type and enum values for it.
     */
    Type argumentType(String name) {
        if (query.containsKey(name)) {
            return query.get(name);
        }
        RecordComponent c = bodyField(name);
        return c == null ? null : c.getGenericType();
    }

    /** The body record's component bound to the wire name {@code name}, or {@code null}. */
    RecordComponent bodyField(String name) {
        if (body == null) {
            return null;
        }
        for (RecordComponent c : body.getRecordComponents()) {
            com.fasterxml.jackson.annotation.JsonProperty p =
                    c.getAccessor().getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
            if (name.equals(p != null && !p.value().isEmpty() ? p.value() : c.getName())) {
                return c;
            }
        }
        return null;
    }
}
