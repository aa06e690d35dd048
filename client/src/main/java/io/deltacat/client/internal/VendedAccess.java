package io.deltacat.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.model.ReadPlan;
import io.deltacat.api.model.StorageCredential;
import io.deltacat.auth.VendedCredentials;
import io.deltacat.io.spi.StorageAccess;
import io.deltacat.io.spi.UploadAnswer;
import io.deltacat.io.spi.UploadStep;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The storage access the server vended for one read plan or one staged write, as the storages see
 * it: credentials by longest prefix, renewed from the server a minute (or a third of their life)
 * before they lapse, and for writes to presigned-only roots the server's signature of each upload.
 */
final class VendedAccess implements StorageAccess {
    static final String TABLE_CREDENTIALS = "/v1/namespaces/{namespace}/tables/{table}/credentials";
    static final String WRITE_CREDENTIALS = "/v1/writes/{writeId}/credentials";
    static final String UPLOADS = "/v1/writes/{writeId}/uploads";
    private static final Duration MARGIN = Duration.ofMinutes(1);

    private final VendedCredentials credentials;
    private final ApiCalls calls;
    private final String writeId;
    private final String staging;

    private VendedAccess(VendedCredentials credentials, ApiCalls calls, String writeId, String staging) {
        this.credentials = credentials;
        this.calls = calls;
        this.writeId = writeId;
        this.staging = staging;
    }

    /** Access to a plan's files; none (local roots) when the plan carries no credentials. */
    static StorageAccess forPlan(ApiCalls calls, ReadPlan plan) {
        if (plan.credentials().isEmpty()) {
            return StorageAccess.none();
        }
        String path = PathSegments.path("namespaces", plan.namespace(), "tables", plan.table(), "credentials");
        VendedCredentials creds = new VendedCredentials(plan.credentials(), uri -> {
            ObjectNode body = Json.object();
            body.putArray("uris").add(uri);
            return Json.credentials(calls.query(TABLE_CREDENTIALS, path, body).path("credentials"));
        }, MARGIN, Clock.systemUTC());
        return new VendedAccess(creds, calls, null, null);
    }

    /** Access to a write's staging prefix, from its session; none for local roots. */
    static StorageAccess forWrite(ApiCalls calls, String writeId, String staging, JsonNode sessionCredentials) {
        List<StorageCredential> initial = Json.credentials(sessionCredentials);
        if (initial.isEmpty()) {
            return StorageAccess.none();
        }
        String path = PathSegments.path("writes", writeId, "credentials");
        VendedCredentials creds = new VendedCredentials(initial, uri ->
                Json.credentials(calls.query(WRITE_CREDENTIALS, path, Json.object()).path("credentials")),
                MARGIN, Clock.systemUTC());
        return new VendedAccess(creds, calls, writeId, staging);
    }

    @Override
    public Optional<StorageCredential> credentialFor(String uri) {
        return credentials.forUri(uri);
    }

    @Override
    public UploadAnswer signUpload(UploadStep step) {
        if (writeId == null || !step.uri().startsWith(staging)) {
            return StorageAccess.super.signUpload(step);
        }
        ObjectNode body = Json.object().put("path", step.uri().substring(staging.length()))
                .put("step", step.kind().name().toLowerCase(Locale.ROOT));
        if (step.uploadId() != null) {
            body.put("uploadId", step.uploadId());
        }
        if (step.partNumber() > 0) {
            body.put("partNumber", step.partNumber());
        }
        if (!step.parts().isEmpty()) {
            ArrayNode parts = body.putArray("parts");
            step.parts().forEach(p -> parts.addObject().put("partNumber", p.partNumber()).put("etag", p.etag()));
        }
        JsonNode a = calls.query(UPLOADS, PathSegments.path("writes", writeId, "uploads"), body);
        Map<String, String> headers = Json.properties(a.get("headers"));
        return new UploadAnswer(optional(a, "method"), optional(a, "url"), headers, a.path("expiresAt").asLong(0),
                optional(a, "uploadId"));
    }

    private static Optional<String> optional(JsonNode n, String field) {
        return n.hasNonNull(field) ? Optional.of(n.get(field).asText()) : Optional.empty();
    }
}
