package io.deltacat.io.spi;

import java.util.List;
import java.util.Objects;

/**
 * One step of an upload into a staging prefix, for stores a client reaches by presigned URLs only:
 * the server signs {@link Kind#PUT}, {@link Kind#PART} and {@link Kind#GET} for the client to send, and
 * performs {@link Kind#START}, {@link Kind#COMPLETE} and {@link Kind#ABORT} itself.
 *
 * @param kind       what to do
 * @param uri        the object's URI (inside the staging prefix)
 * @param uploadId   the multipart upload (PART, COMPLETE, ABORT); null otherwise
 * @param partNumber the part, from 1 (PART); 0 otherwise
 * @param parts      the parts uploaded, in order (COMPLETE); empty otherwise
 */
public record UploadStep(Kind kind, String uri, String uploadId, int partNumber, List<Part> parts) {
    /** What a step does. */
    public enum Kind {
        /** Sign a single PUT of a whole object that must not exist yet. */
        PUT,
        /** Start a multipart upload; answers its id. */
        START,
        /** Sign the upload of one part. */
        PART,
        /** Complete a multipart upload from its parts; the object must not exist yet. */
        COMPLETE,
        /** Abort a multipart upload, discarding its parts. */
        ABORT,
        /** Sign a GET of an object the write staged (to read back what it wrote). */
        GET
    }

    /** An uploaded part: its number and the ETag the store answered. */
    public record Part(int partNumber, String etag) {
        public Part {
            Objects.requireNonNull(etag, "etag");
        }
    }

    public UploadStep {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(uri, "uri");
        parts = List.copyOf(parts);
    }

    /** A step without upload id, part or parts (PUT, START, GET). */
    public static UploadStep of(Kind kind, String uri) {
        return new UploadStep(kind, uri, null, 0, List.of());
    }
}
