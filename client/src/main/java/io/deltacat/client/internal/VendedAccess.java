package io.deltacat.client.internal;

import io.deltacat.api.model.ReadPlan;
import io.deltacat.api.model.StorageCredential;
import io.deltacat.auth.VendedCredentials;
import io.deltacat.io.spi.StorageAccess;
import io.deltacat.io.spi.UploadAnswer;
import io.deltacat.io.spi.UploadStep;
import java.time.Clock;
import java.time.Duration;
import io.deltacat.wire.common.EmptyRequest;
import io.deltacat.wire.storage.CredentialsResponse;
import io.deltacat.wire.storage.TableCredentialsRequest;
import java.util.List;
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
            return StorageWire.credentials(calls.post(TABLE_CREDENTIALS, path,
                    new TableCredentialsRequest(List.of(uri)), CredentialsResponse.class).credentials());
        }, MARGIN, Clock.systemUTC());
        return new VendedAccess(creds, calls, null, null);
    }

    /** Access to a write's staging prefix, from its session; none for local roots. */
    static StorageAccess forWrite(ApiCalls calls, String writeId, String staging, List<StorageCredential> initial) {
        if (initial.isEmpty()) {
            return StorageAccess.none();
        }
        String path = PathSegments.path("writes", writeId, "credentials");
        VendedCredentials creds = new VendedCredentials(initial, uri ->
                StorageWire.credentials(calls.post(WRITE_CREDENTIALS, path, new EmptyRequest(),
                        CredentialsResponse.class).credentials()),
                MARGIN, Clock.systemUTC());
        return new VendedAccess(creds, calls, writeId, staging);
    }

    /**
     * Access to the staging prefix of a write another process opened (a distributed writer's task):
     * the write's current credentials fetched from the server, then renewed and, for presigned-only
     * roots, each upload signed by the server, as for a write of this process.
     */
    static StorageAccess forOpenWrite(ApiCalls calls, String writeId, String staging) {
        String path = PathSegments.path("writes", writeId, "credentials");
        List<StorageCredential> current = StorageWire.credentials(calls.post(WRITE_CREDENTIALS, path,
                new EmptyRequest(), CredentialsResponse.class).credentials());
        return forWrite(calls, writeId, staging, current);
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
        return StorageWire.answer(calls.post(UPLOADS, PathSegments.path("writes", writeId, "uploads"),
                StorageWire.upload(step, staging), io.deltacat.wire.storage.UploadAnswer.class));
    }
}
