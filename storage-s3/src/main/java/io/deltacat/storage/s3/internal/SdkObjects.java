package io.deltacat.storage.s3.internal;

import io.deltacat.api.error.StorageAccessException;
import io.deltacat.api.error.StorageException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Object operations through the SDK: with the storage's own keys (a server), or with vended keys
 * passed on every request (a client), so a refreshed credential takes effect at the next request.
 * SDK failures become the project's errors: 412 is {@link FileAlreadyExistsException}, 404
 * {@link NoSuchFileException}, 403 {@link StorageAccessException}, a missing bucket a
 * {@link StorageException} naming it.
 */
final class SdkObjects {
    private final S3Client s3;
    private final AwsCredentialsProvider perRequest;

    SdkObjects(S3Client s3, AwsCredentialsProvider perRequest) {
        this.s3 = s3;
        this.perRequest = perRequest;
    }

    private AwsRequestOverrideConfiguration override() {
        return perRequest == null ? null : AwsRequestOverrideConfiguration.builder().credentialsProvider(perRequest).build();
    }

    /** Size and modification time, or empty when there is no such object. */
    Optional<HeadObjectResponse> head(S3Location at) throws IOException {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(at.bucket()).key(at.key()).overrideConfiguration(override())));
        } catch (SdkException e) {
            if (status(e) == 404 && !noSuchBucket(e)) {
                return Optional.empty();
            }
            throw map(e, "HEAD", at);
        }
    }

    ObjectReader reader(S3Location at) {
        return new ObjectReader() {
            @Override
            public Chunk range(long start, long end) throws IOException {
                return get(at, "bytes=" + start + "-" + (end - 1), start, end - start);
            }

            @Override
            public Chunk tail(int n) throws IOException {
                try {
                    return get(at, "bytes=-" + n, -1, -1);
                } catch (IOException e) {
                    if (e.getCause() instanceof SdkException s && status(s) == 416) {
                        return get(at, null, 0, -1); // an empty object has no suffix range
                    }
                    throw e;
                }
            }
        };
    }

    private ObjectReader.Chunk get(S3Location at, String range, long start, long expected) throws IOException {
        try {
            ResponseBytes<GetObjectResponse> r = s3.getObjectAsBytes(b -> b.bucket(at.bucket()).key(at.key())
                    .range(range).overrideConfiguration(override()));
            byte[] data = r.asByteArrayUnsafe();
            Counters.fetched(data.length);
            long total = ObjectReader.total(r.response().contentRange(), data.length);
            long first = start >= 0 ? start : total - data.length;
            if (expected >= 0 && data.length != expected) {
                throw new IOException("asked " + expected + " bytes of " + at.uri() + " at " + start + ", got "
                        + data.length);
            }
            return new ObjectReader.Chunk(first, data, total);
        } catch (SdkException e) {
            throw map(e, "GET", at);
        }
    }

    /** Puts a whole object only if none exists under its key ({@code If-None-Match: *}). */
    void put(S3Location at, byte[] data, int length) throws IOException {
        try {
            s3.putObject(b -> b.bucket(at.bucket()).key(at.key()).ifNoneMatch("*").contentLength((long) length)
                    .overrideConfiguration(override()), RequestBody.fromByteBuffer(java.nio.ByteBuffer.wrap(data, 0, length)));
            Counters.put(length);
        } catch (SdkException e) {
            // the SDK resends a request whose answer it lost; if the first one landed, the resend meets
            // its own object: taken as written when the object's ETag is these bytes' MD5
            if (status(e) != 412 || !landed(at, MultipartEtag.md5(data, length))) {
                throw map(bucketMissing(e, at), "PUT", at);
            }
            Counters.put(length);
        }
    }

    /**
     * A store may answer a write to a missing bucket before it reads the body and close the connection,
     * so the SDK sees a broken upload with no status, or a bare 404 without the error's code. After
     * such a failure one HEAD of the bucket tells: a missing bucket is thrown as
     * {@link StorageException}, typed; otherwise, including when the keys may not HEAD the bucket, the
     * write's own failure is returned.
     */
    private SdkException bucketMissing(SdkException e, S3Location at) {
        if (e instanceof AwsServiceException a && (a.statusCode() != 404 || errorCode(a) != null)) {
            return e;
        }
        try {
            s3.headBucket(b -> b.bucket(at.bucket()).overrideConfiguration(override()));
        } catch (SdkException probe) {
            if (noSuchBucket(probe) || status(probe) == 404) {
                e.addSuppressed(probe);
                throw new StorageException("bucket '" + at.bucket() + "' does not exist (write " + at.uri() + ")", e);
            }
        }
        return e;
    }

    /** Whether the object under {@code at} is the one with ETag {@code etag} (a write that landed). */
    private boolean landed(S3Location at, String etag) throws IOException {
        Optional<HeadObjectResponse> h = head(at);
        return h.isPresent() && h.get().eTag() != null && MultipartEtag.same(h.get().eTag(), etag);
    }

    String startUpload(S3Location at) throws IOException {
        try {
            return s3.createMultipartUpload(b -> b.bucket(at.bucket()).key(at.key()).overrideConfiguration(override()))
                    .uploadId();
        } catch (SdkException e) {
            throw map(e, "start a multipart upload of", at);
        }
    }

    String uploadPart(S3Location at, String uploadId, int part, byte[] data, int length) throws IOException {
        try {
            String etag = s3.uploadPart(b -> b.bucket(at.bucket()).key(at.key()).uploadId(uploadId).partNumber(part)
                    .contentLength((long) length).overrideConfiguration(override()),
                    RequestBody.fromByteBuffer(java.nio.ByteBuffer.wrap(data, 0, length))).eTag();
            Counters.part(length);
            return etag;
        } catch (SdkException e) {
            throw map(bucketMissing(e, at), "upload part " + part + " of", at);
        }
    }

    /** Completes an upload only if no object exists under its key ({@code If-None-Match: *}). */
    void completeUpload(S3Location at, String uploadId, List<CompletedPart> parts) throws IOException {
        try {
            s3.completeMultipartUpload(b -> b.bucket(at.bucket()).key(at.key()).uploadId(uploadId).ifNoneMatch("*")
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())
                    .overrideConfiguration(override()));
        } catch (SdkException e) {
            // a resent completion whose first attempt landed: the upload is gone (404) or the object is
            // there (412), and the object's ETag is the one exactly these parts make
            Optional<String> etag = MultipartEtag.of(parts.stream()
                    .map(p -> new io.deltacat.io.spi.UploadStep.Part(p.partNumber(), p.eTag())).toList());
            int status = status(e);
            if ((status != 404 && status != 412) || noSuchBucket(e) || etag.isEmpty() || !landed(at, etag.get())) {
                throw map(e, "complete the multipart upload of", at);
            }
        }
    }

    void abortUpload(S3Location at, String uploadId) throws IOException {
        try {
            s3.abortMultipartUpload(b -> b.bucket(at.bucket()).key(at.key()).uploadId(uploadId)
                    .overrideConfiguration(override()));
            Counters.ABORTED_UPLOADS.incrementAndGet();
        } catch (SdkException e) {
            if (status(e) != 404) {
                throw map(e, "abort the multipart upload of", at);
            }
        }
    }

    /** Every object whose key starts with {@code keyPrefix}, in key order. */
    List<S3Object> list(String bucket, String keyPrefix) throws IOException {
        List<S3Object> out = new ArrayList<>();
        String token = null;
        try {
            do {
                String t = token;
                ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(keyPrefix).continuationToken(t)
                        .overrideConfiguration(override()));
                out.addAll(page.contents());
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
        } catch (SdkException e) {
            throw map(e, "LIST", new S3Location(bucket, keyPrefix));
        }
        return out;
    }

    /** Multipart uploads in progress under {@code keyPrefix}; empty where the store cannot list them. */
    List<MultipartUpload> uploads(String bucket, String keyPrefix) throws IOException {
        try {
            return s3.listMultipartUploads(b -> b.bucket(bucket).prefix(keyPrefix).overrideConfiguration(override()))
                    .uploads();
        } catch (SdkException e) {
            if (status(e) == 501 || status(e) == 400) {
                return List.of();
            }
            throw map(e, "list the multipart uploads under", new S3Location(bucket, keyPrefix));
        }
    }

    void delete(String bucket, List<String> keys) throws IOException {
        for (int from = 0; from < keys.size(); from += 1000) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + 1000)).stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            try {
                var r = s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(batch).quiet(true).build())
                        .overrideConfiguration(override()));
                if (!r.errors().isEmpty()) {
                    throw new IOException("could not delete " + r.errors().size() + " objects in bucket " + bucket
                            + ", first " + r.errors().get(0).key() + ": " + r.errors().get(0).code());
                }
            } catch (SdkException e) {
                throw map(e, "DELETE", new S3Location(bucket, keys.get(from)));
            }
        }
    }

    /** Checks the bucket exists and the keys may list it. */
    void checkBucket(String bucket) throws IOException {
        try {
            s3.headBucket(b -> b.bucket(bucket).overrideConfiguration(override()));
        } catch (SdkException e) {
            throw map(e, "reach the bucket of", new S3Location(bucket, ""));
        }
    }

    static Instant modified(HeadObjectResponse h) {
        return h.lastModified();
    }

    static int status(SdkException e) {
        return e instanceof AwsServiceException a ? a.statusCode() : -1;
    }

    private static boolean noSuchBucket(SdkException e) {
        return e instanceof AwsServiceException a && "NoSuchBucket".equals(errorCode(a));
    }

    private static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    /**
     * The error for an SDK failure, to throw; the message names the operation and the object, never a
     * key. A missing bucket ({@link StorageException}) and a refusal ({@link StorageAccessException})
     * are thrown from here, typed.
     */
    static IOException map(SdkException e, String operation, S3Location at) {
        int status = status(e);
        String what = operation + " " + at.uri();
        if (noSuchBucket(e) || (status == 404 && at.key().isEmpty())) {
            throw new StorageException("bucket '" + at.bucket() + "' does not exist (" + what + ")", e);
        }
        if (status == 412) {
            FileAlreadyExistsException exists = new FileAlreadyExistsException(at.uri(), null,
                    "an object already exists under this key; objects are never overwritten");
            exists.initCause(e);
            return exists;
        }
        if (status == 404) {
            NoSuchFileException missing = new NoSuchFileException(at.uri());
            missing.initCause(e);
            return missing;
        }
        if (status == 403 || status == 401) {
            throw new StorageAccessException("storage refused to " + what + " (HTTP " + status
                    + "): the access used expired or does not cover it", e);
        }
        return new IOException("cannot " + what + ": " + e.getMessage(), e);
    }
}
