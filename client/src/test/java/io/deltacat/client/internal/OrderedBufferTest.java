package io.deltacat.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OrderedBufferTest {
    /** File f's element i is f * 1000 + i; the last one is -(f + 1). */
    private static void produce(OrderedBuffer<Integer> buffer, int file, int count, long bytes) throws Exception {
        for (int i = 0; i < count; i++) {
            buffer.put(file, file * 1000 + i, bytes, false);
        }
        buffer.put(file, -(file + 1), 0, true);
    }

    @Test
    void elementsComeOutFileByFileWhileLaterFilesDecodeAheadWithinTheBudget() throws Exception {
        int files = 4;
        int perFile = 50;
        long batch = 10;
        long budget = 100;
        OrderedBuffer<Integer> buffer = new OrderedBuffer<>(files, budget, 2);
        ExecutorService pool = Executors.newFixedThreadPool(files);
        try {
            List<Future<?>> producers = new ArrayList<>();
            // file 3 first: a later file fills the budget before the head file produces anything
            for (int f = files - 1; f >= 0; f--) {
                int file = f;
                producers.add(pool.submit(() -> {
                    produce(buffer, file, perFile, batch);
                    return null;
                }));
            }
            List<Integer> out = new ArrayList<>();
            Integer v;
            while ((v = buffer.take()) != null) {
                out.add(v);
            }
            for (Future<?> p : producers) {
                p.get(10, TimeUnit.SECONDS);
            }
            List<Integer> expected = new ArrayList<>();
            for (int f = 0; f < files; f++) {
                for (int i = 0; i < perFile; i++) {
                    expected.add(f * 1000 + i);
                }
                expected.add(-(f + 1));
            }
            assertThat(out).isEqualTo(expected);
            // the budget, plus the head file's slots, plus one batch admitted with room before it
            assertThat(buffer.peakBytes()).isLessThanOrEqualTo(budget + 2 * batch + batch);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closeReleasesWaitingProducersAndDrainsWhatWasQueued() throws Exception {
        OrderedBuffer<Integer> buffer = new OrderedBuffer<>(2, 10, 1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            assertThat(buffer.put(1, 1, 10, false)).isTrue();
            // file 1 is not the head and the budget is full: this put waits until close
            Future<Boolean> blocked = pool.submit(() -> buffer.put(1, 2, 10, false));
            Thread.sleep(100);
            assertThat(blocked.isDone()).isFalse();
            buffer.close();
            assertThat(blocked.get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(buffer.take()).isNull();
            List<Integer> released = new ArrayList<>();
            buffer.drain(released::add);
            assertThat(released).containsExactly(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
