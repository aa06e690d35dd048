package io.deltacat.io.testkit;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A format's reference implementation (ORC's own writer, Apache Avro, DuckDB, Lance, Arrow's IPC
 * classes, ...), independent of the provider under test. {@link FormatProviderContract} has it write
 * the kit's data with the library's defaults and checks that the provider reads every value back; when
 * {@link #reads()} it also has the library read a file the provider wrote.
 *
 * <pre>{@code
 * static final class ArrowIpc implements ReferenceFormat {
 *     public String name() { return "Arrow Java IPC"; }
 *     public boolean holds(Field field) { return true; }
 *     public void write(Path file, VectorSchemaRoot data, BufferAllocator allocator) throws Exception {
 *         try (FileChannel ch = FileChannel.open(file, CREATE_NEW, WRITE);
 *              ArrowFileWriter w = new ArrowFileWriter(data, null, ch)) {
 *             w.start(); w.writeBatch(); w.end();
 *         }
 *     }
 * }
 * }</pre>
 */
public interface ReferenceFormat {

    /** The library and version, for messages, e.g. {@code "orc-core 2.2.2"}. */
    String name();

    /** Whether the library can write (and, when it {@link #reads()}, read) a column of this type. */
    boolean holds(Field field);

    /**
     * Writes {@code data} (only columns it {@link #holds}) as a new file (or directory, for
     * directory-shaped formats) at {@code file}, with the library's default settings.
     */
    void write(Path file, VectorSchemaRoot data, BufferAllocator allocator) throws Exception;

    /** Whether {@link #read} is implemented. */
    default boolean reads() {
        return false;
    }

    /**
     * Reads every row of {@code file} with the library, handing each batch (as Arrow, owned by this
     * method and valid only during the call) to {@code batches}.
     */
    default void read(Path file, BufferAllocator allocator, Consumer<VectorSchemaRoot> batches) throws Exception {
        throw new UnsupportedOperationException(name() + " is not used as a reader");
    }
}
