package io.deltacat.io.parquet.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one task per item, the calling thread and helpers of the common pool taking the next item as
 * they come free, and returns when all are done. Items go out in list order, so a caller lists the
 * heaviest first. The caller's thread always works, so nothing waits for a busy pool to start; it
 * works alone where {@link io.deltacat.io.spi.ColumnHelpers} says so.
 */
final class FieldTasks {
    /** Helpers beside the caller: as many as the common pool has threads, at most one per core beyond the caller's. */
    private static final int HELPERS = Math.min(ForkJoinPool.getCommonPoolParallelism(),
            Runtime.getRuntime().availableProcessors() - 1);

    /** A task that may throw an {@link IOException}. */
    @FunctionalInterface
    interface Task<T> {
        void run(T item) throws IOException;
    }

    private FieldTasks() {
    }

    static <T> void run(List<T> items, Task<T> task) throws IOException {
        int helpers = io.deltacat.io.spi.ColumnHelpers.allowed() ? Math.min(HELPERS, items.size() - 1) : 0;
        if (helpers <= 0) {
            for (T item : items) {
                task.run(item);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            int i;
            while ((i = next.getAndIncrement()) < items.size()) {
                try {
                    task.run(items.get(i));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        ForkJoinTask<?>[] started = new ForkJoinTask<?>[helpers];
        for (int h = 0; h < helpers; h++) {
            started[h] = ForkJoinPool.commonPool().submit(worker);
        }
        RuntimeException failure = null;
        try {
            worker.run();
        } catch (RuntimeException e) {
            failure = e;
            next.set(items.size()); // the helpers take nothing more
        }
        // join runs a helper that has not started yet on this thread (it then finds nothing to do)
        for (ForkJoinTask<?> h : started) {
            try {
                h.join();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else if (failure != e) {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure instanceof UncheckedIOException) {
            throw ((UncheckedIOException) failure).getCause();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
