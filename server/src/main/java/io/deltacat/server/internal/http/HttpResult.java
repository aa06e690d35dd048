package io.deltacat.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.api.error.ProblemType;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A complete answer: status, content type (null without a body), body and extra headers. */
record HttpResult(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final String JSON = "application/json";
    static final String PROBLEM_JSON = "application/problem+json";

    static HttpResult json(int status, JsonNode node) {
        return new HttpResult(status, JSON, node.toString().getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** An answer of a wire type ({@code io.deltacat.wire}). */
    static HttpResult wire(int status, Object value) {
        return new HttpResult(status, JSON, io.deltacat.wire.WireJson.write(value), Map.of());
    }

    static HttpResult noContent() {
        return new HttpResult(204, null, new byte[0], Map.of());
    }

    static HttpResult problem(ProblemType type, String detail) {
        return problem(type, type.status(), type.title(), detail);
    }

    static HttpResult problem(ProblemType type, int status, String title, String detail) {
        return new HttpResult(status, PROBLEM_JSON, Json.problem(type, status, title, detail), Map.of());
    }

    HttpResult withHeader(String name, String value) {
        java.util.Map<String, String> h = new java.util.LinkedHashMap<>(headers);
        h.put(name, value);
        return new HttpResult(status, contentType, body, Map.copyOf(h));
    }
}
