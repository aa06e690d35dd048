package io.deltacat.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Locale;
import java.util.Set;

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
        Json.Obj o = Json.parse(c.body(), "TableCredentialsRequest", Set.of("uris"));
        List<String> uris = o.stringsOrNull("uris");
        if (uris == null || uris.isEmpty() || uris.size() > 10_000) {
            throw new InvalidRequestException("field 'uris' in TableCredentialsRequest must list 1 to 10000 file URIs");
        }
        String namespace = c.param("namespace");
        String table = c.param("table");
        String format = catalog.scopes().checkTableFiles(namespace, table, uris, TransactionRoutes.transactionId(c));
        return HttpResult.json(200, credentialsJson(access.forRead(namespace, table, format, uris)));
    }

    /** Fresh write access to an open write's staging prefix. */
    private HttpResult writeCredentials(Router.Call c) throws Exception {
        StorageScopes.OpenWrite open = catalog.scopes().openWrite(c.param("writeId"));
        return HttpResult.json(200, credentialsJson(access.forWrite(open.stagingUri(), open.format())));
    }

    /** Signs (PUT, PART, GET) or performs (START, COMPLETE, ABORT) one upload step of an open write. */
    private HttpResult upload(Router.Call c) throws Exception {
        Json.Obj o = Json.parse(c.body(), "UploadRequest", Set.of("path", "step", "uploadId", "partNumber", "parts"));
        String path = o.string("path");
        catalog.scopes().checkFileName(path);
        UploadStep.Kind kind;
        try {
            kind = UploadStep.Kind.valueOf(o.string("step").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("field 'step' in UploadRequest must be one of put, start, part,"
                    + " complete, abort, get");
        }
        List<UploadStep.Part> parts = new ArrayList<>();
        JsonNode list = Json.MAPPER.readTree(c.body()).get("parts");
        if (list != null && !list.isNull()) {
            if (!list.isArray() || list.size() > 10_000) {
                throw new InvalidRequestException("field 'parts' in UploadRequest must be an array of at most 10000 parts");
            }
            for (JsonNode p : list) {
                if (!p.path("partNumber").canConvertToInt() || !p.path("etag").isTextual()) {
                    throw new InvalidRequestException("each part in UploadRequest.parts needs partNumber and etag");
                }
                parts.add(new UploadStep.Part(p.get("partNumber").intValue(), p.get("etag").textValue()));
            }
        }
        String writeId = c.param("writeId");
        StorageScopes.AnyWrite w = catalog.scopes().write(writeId);
        Long part = o.integerOrNull("partNumber", 1);
        UploadAnswer a = access.upload(writeId, w.state(), w.stagingUri(), path, kind,
                o.string("uploadId", null), part == null ? 0 : part.intValue(), parts);
        ObjectNode n = Json.MAPPER.createObjectNode();
        a.method().ifPresent(m -> n.put("method", m));
        a.url().ifPresent(u -> n.put("url", u));
        ObjectNode headers = n.putObject("headers");
        a.headers().forEach(headers::put);
        if (a.url().isPresent()) {
            n.put("expiresAt", a.expiresAt());
        }
        a.uploadId().ifPresent(u -> n.put("uploadId", u));
        return HttpResult.json(200, n);
    }

    /** {@code {"credentials": [...]}}. */
    static ObjectNode credentialsJson(List<StorageCredential> credentials) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.set("credentials", credentials(credentials));
        return n;
    }

    /** The wire form of vended credentials ({@code StorageCredential}). */
    static ArrayNode credentials(List<StorageCredential> credentials) {
        ArrayNode arr = Json.MAPPER.createArrayNode();
        for (StorageCredential s : credentials) {
            ObjectNode x = arr.addObject();
            x.put("prefix", s.prefix());
            x.put("provider", s.provider());
            ObjectNode p = x.putObject("properties");
            s.properties().forEach(p::put);
            s.expiresAt().ifPresent(e -> x.put("expiresAt", e));
        }
        return arr;
    }

    /** The data roots as {@code GET /v1/config} and {@code describeCatalog} list them. */
    static ArrayNode roots(Roots roots) {
        ArrayNode arr = Json.MAPPER.createArrayNode();
        for (Roots.Root r : roots.all()) {
            ObjectNode x = arr.addObject();
            x.put("name", r.name());
            x.put("uri", r.uri());
            x.put("default", r.isDefault());
            x.put("storageType", r.type());
            if (r.region() != null) {
                x.put("region", r.region());
            }
            if (r.endpoint() != null) {
                x.put("endpoint", r.endpoint());
            }
        }
        return arr;
    }
}
