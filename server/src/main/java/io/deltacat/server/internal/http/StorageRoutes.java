package io.deltacat.server.internal.http;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.model.StorageCredential;
import io.deltacat.io.spi.UploadAnswer;
import io.deltacat.io.spi.UploadStep;
import io.deltacat.server.internal.catalog.Catalog;
import io.deltacat.server.internal.catalog.StorageScopes;
import io.deltacat.server.internal.storage.DataAccess;
import io.deltacat.server.internal.storage.Roots;
import java.util.ArrayList;
import java.util.List;
import io.deltacat.wire.common.DataRoot;
import io.deltacat.wire.storage.CredentialsResponse;
import io.deltacat.wire.storage.TableCredentialsRequest;
import io.deltacat.wire.storage.UploadRequest;

/**
 * The routes of storage access beyond what plans and write sessions carry: renewing a read's or a
 * write's credentials before they lapse, and the uploads a server signs for clients of roots reached
 * by presigned URLs only. Every answer comes from {@link DataAccess}; what it is asked for is checked
 * against the catalog first ({@link StorageScopes}).
 */
final class StorageRoutes {
    private final Catalog catalog;
    private final DataAccess access;

    StorageRoutes(Catalog catalog, DataAccess access) {
        this.catalog = catalog;
        this.access = access;
    }

    void register(Router router) {
        // READ: a renewal vends fresh short-lived access and changes nothing, so a resend simply vends
        // again; ATOMIC would store the answer, i.e. write presigned URLs and keys into the metadata
        // database, where they must never be
        router.add("POST", "/v1/namespaces/{namespace}/tables/{table}/credentials", Router.Resend.READ,
                this::tableCredentials);
        router.add("POST", "/v1/writes/{writeId}/credentials", Router.Resend.READ, this::writeCredentials);
        // BY_IDS: signing (put, part, get) stores nothing either, but start, complete and abort act on
        // storage, which no request may do inside the idempotency transaction, and their answers hold
        // signed URLs that must not be stored; the step resolves a resend itself by the object's name and
        // upload id (a resent start continues the upload in progress under that name, a resent complete
        // finds the object its parts made, an abort of an ended upload is no error)
        router.add("POST", "/v1/writes/{writeId}/uploads", Router.Resend.BY_IDS, this::upload);
    }

    /** Fresh read access to files of a table a plan listed (live, retained, or staged by a prepared write). */
    private HttpResult tableCredentials(Router.Call c) throws Exception {
        TableCredentialsRequest r = Json.read(c.body(), TableCredentialsRequest.class);
        List<String> uris = r.uris();
        if (uris.isEmpty() || uris.size() > 10_000) {
            throw new InvalidRequestException("field 'uris' in TableCredentialsRequest must list 1 to 10000 file URIs");
        }
        String namespace = c.param("namespace");
        String table = c.param("table");
        String format = catalog.scopes().checkTableFiles(namespace, table, uris, TransactionRoutes.transactionId(c));
        return HttpResult.wire(200, new CredentialsResponse(credentials(access.forRead(namespace, table, format, uris))));
    }

    /** Fresh write access to an open write's staging prefix. */
    private HttpResult writeCredentials(Router.Call c) throws Exception {
        Json.readEmpty(c.body()); // an empty object, or no body: a field this server does not know is refused
        StorageScopes.OpenWrite open = catalog.scopes().openWrite(c.param("writeId"));
        return HttpResult.wire(200, new CredentialsResponse(credentials(access.forWrite(open.stagingUri(),
                open.format()))));
    }

    /** Signs (PUT, PART, GET) or performs (START, COMPLETE, ABORT) one upload step of an open write. */
    private HttpResult upload(Router.Call c) throws Exception {
        UploadRequest r = Json.read(c.body(), UploadRequest.class);
        catalog.scopes().checkFileName(r.path());
        UploadStep.Kind kind = UploadStep.Kind.valueOf(r.step().name());
        List<UploadStep.Part> parts = new ArrayList<>();
        if (r.parts() != null) {
            if (r.parts().size() > 10_000) {
                throw new InvalidRequestException("field 'parts' in UploadRequest must be an array of at most 10000 parts");
            }
            r.parts().forEach(p -> parts.add(new UploadStep.Part(p.partNumber(), p.etag())));
        }
        String writeId = c.param("writeId");
        StorageScopes.AnyWrite w = catalog.scopes().write(writeId);
        Long part = Json.atLeast(r.partNumber() == null ? null : r.partNumber().longValue(), 1, "partNumber",
                "UploadRequest");
        UploadAnswer a = access.upload(writeId, w.state(), w.stagingUri(), r.path(), kind, r.uploadId(),
                part == null ? 0 : part.intValue(), parts);
        return HttpResult.wire(200, new io.deltacat.wire.storage.UploadAnswer(a.method().orElse(null),
                a.url().orElse(null), a.headers(), a.url().isPresent() ? a.expiresAt() : null,
                a.uploadId().orElse(null)));
    }

    /** The wire form of vended credentials ({@code StorageCredential}). */
    static List<io.deltacat.wire.common.StorageCredential> credentials(List<StorageCredential> credentials) {
        return credentials.stream().map(s -> new io.deltacat.wire.common.StorageCredential(s.prefix(), s.provider(),
                s.properties(), s.expiresAt().orElse(null))).toList();
    }

    /** The data roots as {@code GET /v1/config} and {@code describeCatalog} list them. */
    static List<DataRoot> roots(Roots roots) {
        return roots.all().stream().map(r -> new DataRoot(r.name(), r.uri(), r.isDefault(), r.type(), r.region(),
                r.endpoint())).toList();
    }
}
