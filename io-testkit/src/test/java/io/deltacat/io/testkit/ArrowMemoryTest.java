package io.deltacat.io.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.arrow.memory.ArrowBuf;
import org.junit.jupiter.api.Test;

/** The per-test allocator fails a test that leaves Arrow memory allocated, and passes one that does not. */
class ArrowMemoryTest {
    @Test
    void aLeakFailsTheTest() {
        ArrowMemory memory = new ArrowMemory();
        ArrowBuf leaked = memory.allocator().buffer(64);
        assertThatThrownBy(() -> memory.afterEach(null)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("leaked Arrow memory");
        leaked.close();
        memory.allocator().close();
    }

    @Test
    void noLeakPassesAndClosesTheAllocator() {
        ArrowMemory memory = new ArrowMemory();
        memory.allocator().buffer(64).close();
        memory.afterEach(null);
        assertThatThrownBy(() -> memory.allocator().buffer(1)).isInstanceOf(RuntimeException.class);
    }
}
