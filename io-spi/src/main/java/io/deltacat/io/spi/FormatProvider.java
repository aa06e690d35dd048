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

    /**
     * Reads what a file really holds: its schema, rows and column statistics. The server calls this
     * on every file a client commits, so a provider whose files carry these in a footer should
     * override it to read only the footer. This default reads the whole file through
     * {@link #openReader} and computes the statistics the way writers do ({@link ColumnStatsCollector}).
     *
     * @param expected the schema the file is said to have (formats that cannot hold exact Arrow types
     *                 read their values with it, as in {@link ReadRequest#expectedSchema()})
     * @throws RuntimeException when the file is not a readable file of this format; the message may
     *         quote the file's bytes, so callers facing untrusted files must not pass it on
     */
    default FileFacts inspect(InputFile file, Schema expected, BufferAllocator allocator) {
        try (FormatReader reader = openReader(file, ReadRequest.all(INSPECT_BATCH_ROWS).withExpectedSchema(expected),
                allocator)) {
            ColumnStatsCollector stats = new ColumnStatsCollector();
            long rows = 0;
            while (reader.next()) {
                rows += reader.batch().getRowCount();
                stats.add(reader.batch());
            }
            return new FileFacts(reader.schema(), rows, stats.result());
        }
    }

    /**
     * Opens a reader that starts at or before row {@code offset} of one file (rows counted from 0 in
     * file order), for reads of a few rows of a large file such as one episode of a PackDS shard. The
     * answer names the row its first batch starts at; the caller skips rows before {@code offset} and
     * stops after {@code offset + count}. This default starts at row 0 (a scan up to the range);
     * providers with random access override it (Lance: a scan with offset and limit; Parquet: row
     * groups before the range are skipped unread). The caller closes the reader. The request's filter
     * must be empty: filtering would lose row positions.
     *
     * <pre>{@code
     * PositionedReader at = provider.openReaderAt(file, ReadRequest.all(4096), 1_000_000, 250, allocator);
     * try (FormatReader r = at.reader()) { long row = at.firstRow(); while (r.next()) { ... row += ... } }
     * }</pre>
     *
     * @throws IllegalArgumentException when {@code offset} or {@code count} is negative or the request
     *         has a filter
     */
    default PositionedReader openReaderAt(InputFile file, ReadRequest request, long offset, long count,
                                          BufferAllocator allocator) {
        PositionedReader.check(request, offset, count);
        return new PositionedReader(openReader(file, request, allocator), 0);
    }

    /**
     * Cuts a file into splits of about {@code targetBytes} stored bytes each, whole row groups only
     * (Parquet's row groups, ORC's stripes), in file order, covering every row group once; reads the
     * footer alone. An empty answer means the format
     * cannot read part of a file (the default), and a single split that the file has one row group or is
     * small: either way the caller reads the file whole.
     *
     * @throws RuntimeException when the file's footer cannot be read
     */
    default java.util.List<FileSplit> splits(InputFile file, long targetBytes) {
        return java.util.List.of();
    }

    /**
     * Opens a reader over the row groups (or stripes) of one split of a file (from {@link #splits} of the same file).
     * The request's filter is advisory as in {@link #openReader}. The default refuses: only providers
     * whose {@link #splits} answers splits read them.
     *
     * @throws io.deltacat.api.error.UnsupportedFeatureException when the format cannot read part of a file
     */
    default FormatReader openReader(InputFile file, ReadRequest request, FileSplit split,
                                    BufferAllocator allocator) {
        throw new io.deltacat.api.error.UnsupportedFeatureException("format " + name()
                + " cannot read part of a file (row groups " + split.firstGroup() + ".." + (split.endGroup() - 1)
                + " of " + file.uri() + ")");
    }

    /** Rows per batch of {@link #inspect}'s default full read. */
    int INSPECT_BATCH_ROWS = 64 * 1024;
}
