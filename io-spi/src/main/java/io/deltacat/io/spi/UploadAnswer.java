package io.deltacat.io.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to an {@link UploadStep}: a request signed for the client to send as it is (method,
 * URL, headers that were signed), and/or the id of a multipart upload the server started.
 *
 * @param method    the HTTP method of the signed request; empty when there is none
 * @param url       the presigned URL; empty when there is none
 * @param headers   headers the client must send exactly (they were signed)
 * @param expiresAt when the signature lapses, in nanoseconds since the epoch (0 without a request)
 * @param uploadId  the multipart upload started (START); empty otherwise
 */
public record UploadAnswer(Optional<String> method, Optional<String> url, Map<String, String> headers, long expiresAt,
                           Optional<String> uploadId) {
    public UploadAnswer {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(uploadId, "uploadId");
    }

    /** A signed request. */
    public static UploadAnswer request(String method, String url, Map<String, String> headers, long expiresAt) {
        return new UploadAnswer(Optional.of(method), Optional.of(url), headers, expiresAt, Optional.empty());
    }

    /** A step the server performed (START answers the upload id). */
    public static UploadAnswer done(Optional<String> uploadId) {
        return new UploadAnswer(Optional.empty(), Optional.empty(), Map.of(), 0, uploadId);
    }

    /** Credentials never printed: the URL holds a signature. */
    @Override
    public String toString() {
        return "UploadAnswer[method=" + method.orElse("-") + ", uploadId=" + uploadId.orElse("-") + "]";
    }
}
