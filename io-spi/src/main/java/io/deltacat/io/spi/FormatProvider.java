package io.deltacat.io.spi;

import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A file format: reads files into Arrow batches and writes Arrow batches into files.
 *
 * <p>A plugin is a module with one class implementing this interface and
 * {@code provides io.deltacat.io.spi.FormatProvider with ...} in its module-info. Providers know
 * nothing of HTTP, the catalog or each other.
 *
 * <p>Atomicity: a file is written whole or not at all ({@link OutputFile#create()} makes it visible
 * only when the stream is closed after a successful write). A multi-file write becomes visible only
 * by the catalog's commit, which is not the provider's concern.
 */
public interface FormatProvider {

    /** The format's name as tables and options use it, lower case, e.g. {@code "parquet"}. */
    String name();

    /** File name extensions, without dot, e.g. {@code ["parquet"]}; the first one names new files. */
    Set<String> extensions();

    /**
     * Checks that every column of {@code schema} can be stored, before any file is written.
     *
     * @throws io.deltacat.api.error.InvalidRequestException naming the first column and type the
     *         format cannot hold
     */
    void checkSchema(Schema schema);

    /**
     * Opens a writer for one file. The caller closes the writer; closing without
     * {@link FormatWriter#finish()} discards the file.
     *
     * @param options format options such as {@code compression}; unknown keys are an error
     */
    FormatWriter openWriter(OutputFile file, Schema schema, Map<String, String> options,
                            BufferAllocator allocator);

    /**
     * Opens a reader over one file. The caller closes the reader. The request's filter is advisory:
     * the provider may skip data it proves cannot match, and the caller re-applies the filter.
     */
    FormatReader openReader(InputFile file, ReadRequest request, BufferAllocator allocator);
}
