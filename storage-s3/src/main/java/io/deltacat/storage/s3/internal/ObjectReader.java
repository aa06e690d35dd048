package io.deltacat.storage.s3.internal;

import java.io.IOException;

/** Fetches byte ranges of one object: through the SDK with keys, or through a presigned URL. */
interface ObjectReader {
    /**
     * Bytes of a range.
     *
     * @param start        first byte
     * @param data         the bytes fetched
     * @param total        the object's whole length
     */
    record Chunk(long start, byte[] data, long total) {
    }

    /** Bytes {@code [start, end)}; {@code end} is at most the object's length. */
    Chunk range(long start, long end) throws IOException;

    /** The last {@code n} bytes (all of a smaller object), with the object's length. */
    Chunk tail(int n) throws IOException;

    /** Parses the total of a {@code Content-Range: bytes a-b/total} header. */
    static long total(String contentRange, long fallback) {
        if (contentRange == null) {
            return fallback;
        }
        int slash = contentRange.lastIndexOf('/');
        if (slash < 0 || contentRange.endsWith("*")) {
            return fallback;
        }
        return Long.parseLong(contentRange.substring(slash + 1).trim());
    }
}
