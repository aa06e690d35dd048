package io.deltacat.transport.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.ProblemType;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a non-2xx answer into the exception the caller sees: an RFC 9457 problem body maps by its
 * {@code type}, anything else by the HTTP status. Unknown fields and unknown types are tolerated.
 */
final class ProblemMapper {
    private static final int SNIPPET_CHARS = 200;

    private final ObjectMapper json;

    ProblemMapper(ObjectMapper json) {
        this.json = json;
    }

    DeltacatException toException(String method, String path, int status, String contentType, byte[] body) {
        Optional<JsonNode> problem = parseJson(contentType, body);
        if (problem.isPresent()) {
            JsonNode p = problem.get();
            String type = text(p, "type");
            String title = text(p, "title");
            String detail = text(p, "detail");
            int problemStatus = p.path("status").canConvertToInt() && p.path("status").isNumber()
                    ? p.path("status").intValue() : status;
            if (type != null || title != null || detail != null) {
                ProblemType kind = (type == null ? Optional.<ProblemType>empty() : ProblemType.fromUri(type))
                        .orElseGet(() -> forStatus(problemStatus));
                String message = detail != null ? detail
                        : title != null ? title
                        : "HTTP " + status + " from " + method + " " + path;
                return kind.toException(message, null);
            }
        }
        String snippet = snippet(body);
        String message = "HTTP " + status + " from " + method + " " + path
                + (snippet.isEmpty() ? "" : ": " + snippet);
        return forStatus(status).toException(message, null);
    }

    /** {@link ProblemType#forStatus(int)}, except that 429 (too many requests) is "unavailable". */
    static ProblemType forStatus(int status) {
        return status == 429 ? ProblemType.UNAVAILABLE : ProblemType.forStatus(status);
    }

    private Optional<JsonNode> parseJson(String contentType, byte[] body) {
        if (body == null || body.length == 0 || contentType == null
                || !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            return Optional.empty();
        }
        try {
            JsonNode node = json.readTree(body);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || !v.isValueNode()) {
            return null;
        }
        String s = v.asText();
        return s.isBlank() ? null : s;
    }

    static String snippet(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String s = new String(body, 0, Math.min(body.length, SNIPPET_CHARS * 4), StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ").strip();
        return s.length() > SNIPPET_CHARS ? s.substring(0, SNIPPET_CHARS) + "..." : s;
    }
}
