package io.deltacat.storage.s3.internal;

import java.util.concurrent.atomic.AtomicLong;

/** The counters behind {@link io.deltacat.storage.s3.S3Metrics}. */
public final class Counters {
    public static final AtomicLong GETS = new AtomicLong();
    public static final AtomicLong BYTES_FETCHED = new AtomicLong();
    public static final AtomicLong PUTS = new AtomicLong();
    public static final AtomicLong PARTS = new AtomicLong();
    public static final AtomicLong BYTES_UPLOADED = new AtomicLong();
    public static final AtomicLong ABORTED_UPLOADS = new AtomicLong();

    private Counters() {
    }

    static void fetched(long bytes) {
        GETS.incrementAndGet();
        BYTES_FETCHED.addAndGet(bytes);
    }

    static void put(long bytes) {
        PUTS.incrementAndGet();
        BYTES_UPLOADED.addAndGet(bytes);
    }

    static void part(long bytes) {
        PARTS.incrementAndGet();
        BYTES_UPLOADED.addAndGet(bytes);
    }
}
