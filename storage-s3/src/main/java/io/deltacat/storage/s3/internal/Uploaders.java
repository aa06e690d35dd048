package io.deltacat.storage.s3.internal;

import io.deltacat.io.spi.StorageAccess;
import io.deltacat.io.spi.UploadAnswer;
import io.deltacat.io.spi.UploadStep;
import java.io.IOException;
import java.util.List;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/** The two ways to put an object: SDK requests with keys, or requests the server signs one by one. */
final class Uploaders {
    private Uploaders() {
    }

    static Uploader sdk(SdkObjects objects, S3Location at) {
        return new Uploader() {
            @Override
            public void put(byte[] data, int length) throws IOException {
                objects.put(at, data, length);
            }

            @Override
            public String start() throws IOException {
                return objects.startUpload(at);
            }

            @Override
            public String part(String uploadId, int part, byte[] data, int length) throws IOException {
                return objects.uploadPart(at, uploadId, part, data, length);
            }

            @Override
            public void complete(String uploadId, List<UploadStep.Part> parts) throws IOException {
                objects.completeUpload(at, uploadId, parts.stream()
                        .map(p -> CompletedPart.builder().partNumber(p.partNumber()).eTag(p.etag()).build()).toList());
            }

            @Override
            public void abort(String uploadId) throws IOException {
                objects.abortUpload(at, uploadId);
            }
        };
    }

    /**
     * Uploads through the server: it signs each PUT and part for this client to send (so the client
     * holds no keys and can write nothing but the object it named), and starts, completes and aborts
     * multipart uploads itself.
     */
    static Uploader signed(StorageAccess access, String uri) {
        return new Uploader() {
            @Override
            public void put(byte[] data, int length) throws IOException {
                UploadAnswer a = access.signUpload(UploadStep.of(UploadStep.Kind.PUT, uri));
                PresignedHttp.send(uri, a.method().orElseThrow(), a.url().orElseThrow(), a.headers(), data, length);
                Counters.put(length);
            }

            @Override
            public String start() {
                return access.signUpload(UploadStep.of(UploadStep.Kind.START, uri)).uploadId()
                        .orElseThrow(() -> new IllegalStateException("the server started no upload for " + uri));
            }

            @Override
            public String part(String uploadId, int part, byte[] data, int length) throws IOException {
                UploadAnswer a = access.signUpload(new UploadStep(UploadStep.Kind.PART, uri, uploadId, part, List.of()));
                String etag = PresignedHttp.send(uri, a.method().orElseThrow(), a.url().orElseThrow(), a.headers(), data,
                        length);
                Counters.part(length);
                return etag;
            }

            @Override
            public void complete(String uploadId, List<UploadStep.Part> parts) {
                access.signUpload(new UploadStep(UploadStep.Kind.COMPLETE, uri, uploadId, 0, parts));
            }

            @Override
            public void abort(String uploadId) {
                access.signUpload(new UploadStep(UploadStep.Kind.ABORT, uri, uploadId, 0, List.of()));
                Counters.ABORTED_UPLOADS.incrementAndGet();
            }
        };
    }
}
