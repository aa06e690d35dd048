package io.deltacat.io.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An allocator per test that fails the test when Arrow memory is still allocated at its end, for a
 * format's own tests beside {@link FormatProviderContract}:
 *
 * <pre>{@code
 * @RegisterExtension
 * final ArrowMemory memory = new ArrowMemory();
 * final BufferAllocator allocator = memory.allocator();
 * }</pre>
 *
 * <p>The allocator is created with the test instance (JUnit's default: one per test method) and
 * checked and closed after each test.
 */
public final class ArrowMemory implements AfterEachCallback {
    private final BufferAllocator allocator = new RootAllocator();

    /** The test's allocator. */
    public BufferAllocator allocator() {
        return allocator;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        assertThat(allocator.getAllocatedMemory()).as("leaked Arrow memory").isZero();
        allocator.close();
    }
}
