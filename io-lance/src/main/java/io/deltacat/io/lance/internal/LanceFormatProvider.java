package io.deltacat.io.lance.internal;

import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.StorageException;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.PositionedReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.OutputFile;
import io.deltacat.io.spi.ReadRequest;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The {@code lance} format. A "file" of this format is a <em>Lance dataset directory</em>: the
 * writer creates a dataset at the output URI (e.g. {@code .../data/<writeId>/part-0000-00000.lance/},
 * holding {@code data/}, {@code _versions/} and {@code _transactions/}), the reader opens it with
 * {@code Dataset.open} and scans it. {@code file:} URIs are local directories; {@code s3:} URIs are
 * reached by Lance's own object store with the file's {@link InputFile#objectStoreOptions()} (keys,
 * session token, endpoint: presigned access cannot serve Lance and is refused with a
 * {@link io.deltacat.api.error.StorageAccessException}).
 *
 * <p>Atomicity: locally the dataset is written into a hidden sibling directory
 * ({@code .<name>.<nanos>.tmp}) and renamed into place by {@link FormatWriter#finish()}, so the
 * target directory appears whole or not at all; closing a writer without finishing deletes the
 * temporary directory. On an object store (no rename) the data files are written under the target
 * and become a dataset only with the manifest {@code finish()} commits last; a writer closed
 * without finishing leaves data files but no dataset (the write's staging prefix, deleted with the
 * write). A target that already holds objects is refused. {@link io.deltacat.io.spi.WrittenFile#sizeBytes()} is the total size of the
 * regular files under the dataset directory.
 *
 * <p>Writer options:
 * <ul>
 *   <li>{@code max_rows_per_file}: rows per Lance data file (Lance's default: 1Mi);</li>
 *   <li>{@code max_rows_per_group}: rows per Lance row group (Lance's default);</li>
 *   <li>{@code data_storage_version}: Lance file format version such as {@code stable}, {@code 2.0},
 *       {@code 2.1} (Lance's default).</li>
 * </ul>
 * Columns may be integers (signed and unsigned), float32/64, bool, utf8, large utf8, binary, large
 * binary, fixed-size binary, decimal128, date32/date64, timestamps in any unit with or without time
 * zone, lists and large lists of any of these, fixed-size lists of integers or floats, and structs;
 * names may not contain '.' (Lance reads it as a struct path). {@link #checkSchema} rejects anything
 * else before a file is written: Lance's native code aborts the JVM on some types it cannot hold.
 * Offset time zones such as {@code +02:00} are stored as {@code +0200} and restored on read (see
 * {@link LanceTypes}).
 *
 * <p>Reading ignores {@link InputFile#length()} and {@link InputFile#open()}: the dataset is opened
 * by its URI. The request's filter is advisory and is not pushed down to Lance.
 */
public final class LanceFormatProvider implements FormatProvider {
    static final String NAME = "lance";
    static final String MAX_ROWS_PER_FILE = "max_rows_per_file";
    static final String MAX_ROWS_PER_GROUP = "max_rows_per_group";
    static final String DATA_STORAGE_VERSION = "data_storage_version";
    private static final Set<String> OPTIONS = Set.of(MAX_ROWS_PER_FILE, MAX_ROWS_PER_GROUP, DATA_STORAGE_VERSION);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> extensions() {
        return Set.of("lance");
    }

    @Override
    public void checkSchema(Schema schema) {
        LanceTypes.check(schema);
    }

    @Override
    public FormatWriter openWriter(OutputFile file, Schema schema, Map<String, String> options,
                                   BufferAllocator allocator) {
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new InvalidRequestException("unknown lance option '" + key + "' (known: "
                        + new TreeSet<>(OPTIONS) + ")");
            }
        }
        Integer maxRowsPerFile = positiveInt(options, MAX_ROWS_PER_FILE);
        Integer maxRowsPerGroup = positiveInt(options, MAX_ROWS_PER_GROUP);
        String version = options.get(DATA_STORAGE_VERSION);
        if (version != null && !version.matches("stable|legacy|next|\\d+\\.\\d+")) {
            throw new InvalidRequestException("lance option data_storage_version='" + version
                    + "' is not 'stable', 'legacy', 'next' or a version such as '2.1'");
        }
        LanceTypes.check(schema); // rejects before anything exists
        return new LanceFormatWriter(file, schema,
                new LanceFormatWriter.Settings(maxRowsPerFile, maxRowsPerGroup, version), allocator);
    }

    private static Integer positiveInt(Map<String, String> options, String key) {
        String v = options.get(key);
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidRequestException("lance option " + key + "='" + v + "' is not a positive number of rows");
    }

    @Override
    public FormatReader openReader(InputFile file, ReadRequest request, BufferAllocator allocator) {
        return LanceFiles.isLocal(file.uri()) ? new LanceFormatReader(file.uri(), request, allocator)
                : new LanceFormatReader(file.uri(), file.objectStoreOptions(), request, allocator);
    }

    /** Random access: a scan with offset and limit, so Lance reads only the pages of those rows. */
    @Override
    public PositionedReader openReaderAt(InputFile file, ReadRequest request, long offset, long count,
                                         BufferAllocator allocator) {
        PositionedReader.check(request, offset, count);
        if (count == 0) {
            return FormatProvider.super.openReaderAt(file, request, offset, count, allocator);
        }
        Map<String, String> store = LanceFiles.isLocal(file.uri()) ? Map.of() : file.objectStoreOptions();
        return new PositionedReader(new LanceFormatReader(file.uri(), store, request, allocator, request.batchSize(),
                offset, count), offset);
    }

    /**
     * The exception reporting a failure of {@code operation} on a dataset: our own exceptions pass
     * through, everything else becomes a {@link StorageException} naming lance, the operation and
     * the URI.
     */
    static DeltacatException failure(String operation, String uri, Throwable e) {
        if (e instanceof DeltacatException) {
            return (DeltacatException) e;
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new StorageException("lance " + operation + " of " + uri + " failed: " + detail, e);
    }

    @Override
    public String toString() {
        return "LanceFormatProvider[" + NAME + "]";
    }
}
