package io.deltacat.storage.s3;

import io.deltacat.storage.s3.internal.Counters;

/**
 * Process-wide counters of what S3 storage did, for tests and benchmarks: GET requests and the bytes
 * they fetched, objects and parts uploaded. Counters only grow; take a {@link #snapshot()} before an
 * operation and subtract.
 */
public final class S3Metrics {
    private S3Metrics() {
    }

    /**
     * The counters at one moment.
     *
     * @param gets           ranged and whole GET requests of object data
     * @param bytesFetched   bytes of object data those GETs returned
     * @param puts           single-request object uploads
     * @param parts          multipart upload parts sent
     * @param bytesUploaded  bytes of object data uploaded
     * @param abortedUploads multipart uploads aborted
     */
    public record Snapshot(long gets, long bytesFetched, long puts, long parts, long bytesUploaded, long abortedUploads) {
        /** What happened between {@code earlier} and this snapshot. */
        public Snapshot minus(Snapshot earlier) {
            return new Snapshot(gets - earlier.gets, bytesFetched - earlier.bytesFetched, puts - earlier.puts,
                    parts - earlier.parts, bytesUploaded - earlier.bytesUploaded, abortedUploads - earlier.abortedUploads);
        }
    }

    /** The counters now. */
    public static Snapshot snapshot() {
        return new Snapshot(Counters.GETS.get(), Counters.BYTES_FETCHED.get(), Counters.PUTS.get(),
                Counters.PARTS.get(), Counters.BYTES_UPLOADED.get(), Counters.ABORTED_UPLOADS.get());
    }
}
