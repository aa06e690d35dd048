package io.deltacat.storage.s3.internal;

import io.deltacat.io.spi.UploadStep;
import java.io.IOException;
import java.util.List;

/** The requests that put one object: a single PUT, or a multipart upload. Both refuse to overwrite. */
interface Uploader {
    /** Puts the whole object; fails with {@link java.nio.file.FileAlreadyExistsException} if it exists. */
    void put(byte[] data, int length) throws IOException;

    /** Starts a multipart upload; answers its id. */
    String start() throws IOException;

    /** Uploads part {@code part} (from 1); answers its ETag. */
    String part(String uploadId, int part, byte[] data, int length) throws IOException;

    /** Completes the upload; fails with {@link java.nio.file.FileAlreadyExistsException} if the object exists. */
    void complete(String uploadId, List<UploadStep.Part> parts) throws IOException;

    /** Aborts the upload: its parts are discarded (and no longer billed). */
    void abort(String uploadId) throws IOException;
}
