package io.deltacat.io.parquet.internal;

import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.StorageException;
import io.deltacat.io.spi.FileFacts;
import io.deltacat.io.spi.FileSplit;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.PositionedReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.OutputFile;
import io.deltacat.io.spi.ReadRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;

/**
 * The {@code parquet} format. Writer options:
 * <ul>
 *   <li>{@code compression}: {@code zstd} (default), {@code snappy}, {@code gzip} or {@code none};</li>
 *   <li>{@code row_group_size}: bytes buffered before a row group is flushed (default 128 MiB);</li>
 *   <li>{@code page_size}: target bytes of a data page (default 1 MiB).</li>
 * </ul>
 * Columns may be primitives (integers, floating point, bool, utf8, binary, fixed-size binary, date32,
 * timestamps in ms/us/ns with or without time zone, decimal128), structs, and lists whose elements
 * hold no further list; {@link #checkSchema} rejects anything else before a file is written.
 * The exact Arrow schema is kept in the file's key-value metadata under
 * {@value ParquetSchemas#ARROW_SCHEMA_KEY}, as Arrow's own writers keep it, so pyarrow and other Arrow
 * readers see time zones and field metadata. The same key in files of other Arrow writers is read
 * (a dictionary-encoded column as its values); files without it are read with Arrow types derived
 * from the Parquet schema.
 */
public final class ParquetFormatProvider implements FormatProvider {
    static final String NAME = "parquet";
    static final String COMPRESSION = "compression";
    static final String ROW_GROUP_SIZE = "row_group_size";
    static final String PAGE_SIZE = "page_size";
    private static final Set<String> OPTIONS = Set.of(COMPRESSION, ROW_GROUP_SIZE, PAGE_SIZE);
    static final long DEFAULT_ROW_GROUP_SIZE = 128L << 20;
    static final int DEFAULT_PAGE_SIZE = 1 << 20;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> extensions() {
        return Set.of("parquet");
    }

    @Override
    public void checkSchema(Schema schema) {
        ParquetSchemas.toParquet(schema);
    }

    @Override
    public FormatWriter openWriter(OutputFile file, Schema schema, Map<String, String> options,
                                   BufferAllocator allocator) {
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new InvalidRequestException("unknown parquet option '" + key + "' (known: "
                        + new TreeSet<>(OPTIONS) + ")");
            }
        }
        CompressionCodecName codec = CompressionCodecName.ZSTD;
        String c = options.get(COMPRESSION);
        if (c != null) {
            codec = ParquetCodecs.parse(c);
            if (codec == null) {
                throw new InvalidRequestException("parquet option compression='" + c
                        + "' is not one of zstd, snappy, gzip, none");
            }
        }
        long rowGroupSize = positive(options, ROW_GROUP_SIZE, DEFAULT_ROW_GROUP_SIZE);
        long pageSize = positive(options, PAGE_SIZE, DEFAULT_PAGE_SIZE);
        if (pageSize > Integer.MAX_VALUE) {
            throw new InvalidRequestException("parquet option page_size is too large: " + pageSize);
        }
        MessageType parquetSchema = ParquetSchemas.toParquet(schema); // rejects before any file exists
        return new ParquetFormatWriter(file, schema, parquetSchema, codec, rowGroupSize, (int) pageSize);
    }

    private static long positive(Map<String, String> options, String key, long dflt) {
        String v = options.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidRequestException("parquet option " + key + "='" + v + "' is not a positive number of bytes");
    }

    @Override
    public FormatReader openReader(InputFile file, ReadRequest request, BufferAllocator allocator) {
        return new ParquetFormatReader(file, request, allocator);
    }

    /** Row groups ending before {@code offset} are skipped unread (their footer entry says how many rows they hold). */
    @Override
    public PositionedReader openReaderAt(InputFile file, ReadRequest request, long offset, long count,
                                         BufferAllocator allocator) {
        PositionedReader.check(request, offset, count);
        ParquetFormatReader reader = new ParquetFormatReader(file, request, allocator, offset);
        return new PositionedReader(reader, reader.firstRow());
    }

    /**
     * Consecutive row groups gathered until they hold {@code targetBytes} stored bytes (a row group
     * larger than that is a split of its own), from the footer alone.
     */
    @Override
    public List<FileSplit> splits(InputFile file, long targetBytes) {
        if (targetBytes <= 0) {
            throw new IllegalArgumentException("targetBytes must be > 0, got " + targetBytes);
        }
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
        List<BlockMetaData> groups;
        try (ParquetFileReader r = ParquetFileReader.open(ParquetFiles.input(file), options)) {
            groups = r.getRowGroups();
        } catch (IOException e) {
            throw failure("footer read", file.uri(), e);
        }
        return FileSplit.runs(groups.stream().mapToLong(BlockMetaData::getRowCount).toArray(),
                groups.stream().mapToLong(BlockMetaData::getCompressedSize).toArray(), targetBytes);
    }

    @Override
    public FormatReader openReader(InputFile file, ReadRequest request, FileSplit split, BufferAllocator allocator) {
        return new ParquetFormatReader(file, request, allocator, split.firstGroup(), split.endGroup());
    }

    /** The footer alone: schema, rows and statistics, without reading a page. */
    @Override
    public FileFacts inspect(InputFile file, Schema expected, BufferAllocator allocator) {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
        try (ParquetFileReader r = ParquetFileReader.open(ParquetFiles.input(file), options)) {
            return new ParquetFooter(r).facts();
        } catch (IOException e) {
            throw failure("inspect", file.uri(), e);
        }
    }

    /**
     * The exception reporting a failure of {@code operation} on a file: our own exceptions pass
     * through, everything else becomes a {@link StorageException} naming parquet, the operation and
     * the file.
     */
    static DeltacatException failure(String operation, String uri, Throwable e) {
        if (e instanceof DeltacatException) {
            return (DeltacatException) e;
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new StorageException("parquet " + operation + " of " + uri + " failed: " + detail, e);
    }

    @Override
    public String toString() {
        return "ParquetFormatProvider[" + NAME + "]";
    }
}
