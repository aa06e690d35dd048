package io.deltacat.client.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The hand-over between the producers of a plan-order read and its consumer: one queue per file,
 * consumed strictly file by file, with the look-ahead bounded by the bytes of the queued batches
 * (shared by all files) instead of a fixed item count per file.
 *
 * <p>Why bytes: a file holds hundreds of batches, so a few batches of look-ahead let the reader of
 * the next file stall almost at once, leaving a thread idle while the current file is decoded.
 * A shared byte budget lets later files decode far ahead (a large part of a file) while the memory
 * held stays bounded whatever the file count or size.
 *
 * <p>Bound: {@code budget} bytes of queued batches, plus up to {@code headDepth} batches of the file
 * being consumed, plus one batch per producer (a batch is admitted when the budget has room before
 * it). The file being consumed may always queue up to {@code headDepth} batches, so the consumer
 * always makes progress even when later files have used the whole budget.
 */
final class OrderedBuffer<T> {
    /** A queued element, its size, and whether it is its file's last one. */
    private record Entry<T>(T value, long bytes, boolean last) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<ArrayDeque<Entry<T>>> queues;
    private final long budget;
    private final int headDepth;
    private long queuedBytes;
    private long peakBytes;
    /** The file being consumed. */
    private volatile int head;
    private boolean closed;

    OrderedBuffer(int files, long budget, int headDepth) {
        this.queues = new ArrayList<>(files);
        for (int i = 0; i < files; i++) {
            queues.add(new ArrayDeque<>());
        }
        this.budget = budget;
        this.headDepth = headDepth;
    }

    /**
     * Queues {@code value} for file {@code file}, waiting while it does not fit. {@code last} marks
     * the file's final element (its end or failure), which is never held back. Returns false, not
     * having queued it, once the buffer is closed: the caller then releases {@code value}.
     */
    boolean put(int file, T value, long bytes, boolean last) throws InterruptedException {
        lock.lock();
        try {
            while (!closed && !last && !fits(file, bytes)) {
                changed.await();
            }
            if (closed) {
                return false;
            }
            queues.get(file).add(new Entry<>(value, bytes, last));
            queuedBytes += bytes;
            peakBytes = Math.max(peakBytes, queuedBytes);
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private boolean fits(int file, long bytes) {
        return queuedBytes + bytes <= budget || (file == head && queues.get(file).size() < headDepth);
    }

    /**
     * The next element in file order, waiting for it; after a file's last element the next file's
     * come. Returns null once the buffer is closed or every file was consumed.
     */
    T take() throws InterruptedException {
        lock.lock();
        try {
            while (!closed && head < queues.size() && queues.get(head).isEmpty()) {
                changed.await();
            }
            if (closed || head >= queues.size()) {
                return null;
            }
            Entry<T> e = queues.get(head).poll();
            queuedBytes -= e.bytes();
            if (e.last()) {
                head++;
            }
            // frees budget for later files, and may make a waiting producer's file the head
            changed.signalAll();
            return e.value();
        } finally {
            lock.unlock();
        }
    }

    /** Stops every wait: producers' puts return false, the consumer's take returns null. */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Hands every element still queued to {@code release} and empties the buffer. */
    void drain(Consumer<T> release) {
        List<T> left = new ArrayList<>();
        lock.lock();
        try {
            for (ArrayDeque<Entry<T>> q : queues) {
                q.forEach(e -> left.add(e.value()));
                q.clear();
            }
            queuedBytes = 0;
        } finally {
            lock.unlock();
        }
        left.forEach(release);
    }

    /** Whether {@code file} is the one being consumed (or one before it). */
    boolean isHead(int file) {
        return file <= head;
    }

    /** The most bytes queued at once so far. */
    long peakBytes() {
        lock.lock();
        try {
            return peakBytes;
        } finally {
            lock.unlock();
        }
    }
}
