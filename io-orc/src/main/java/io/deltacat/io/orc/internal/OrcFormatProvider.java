package io.deltacat.io.orc.internal;

import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.StorageException;
import io.deltacat.io.spi.FileSplit;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.OutputFile;
import io.deltacat.io.spi.ReadRequest;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import io.deltacat.bundle.orc.shaded.CompressionKind;
import io.deltacat.bundle.orc.shaded.Reader;
import io.deltacat.bundle.orc.shaded.StripeInformation;
import io.deltacat.bundle.orc.shaded.TypeDescription;

/**
 * The {@code orc} format. Writer options:
 * <ul>
 *   <li>{@code compression}: {@code zstd} (default), {@code snappy}, {@code zlib} or {@code none};</li>
 *   <li>{@code stripe_size}: bytes buffered before a stripe is flushed (default 64 MiB).</li>
 * </ul>
 * Columns may be signed integers, float32/64, bool, utf8, binary, decimal128 (precision up to 38),
 * date32, timestamps (any unit, with or without time zone), lists and structs of those;
 * {@link #checkSchema} rejects anything else before a file is written. The exact Arrow schema is kept
 * in the file's user metadata under {@value OrcTypes#ARROW_SCHEMA_KEY}; files without it (written by
 * other tools) are read with Arrow types derived from the ORC schema. The advisory filter skips
 * stripes whose statistics prove no row can match (the caller re-applies it to the rows read).
 * Large files are cut into runs of whole stripes ({@link #splits}), each readable alone; a
 * {@link FileSplit}'s groups are stripes.
 */
public final class OrcFormatProvider implements FormatProvider {
    static final String NAME = "orc";
    static final String COMPRESSION = "compression";
    static final String STRIPE_SIZE = "stripe_size";
    private static final Set<String> OPTIONS = Set.of(COMPRESSION, STRIPE_SIZE);
    static final long DEFAULT_STRIPE_SIZE = 64L << 20;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> extensions() {
        return Set.of("orc");
    }

    @Override
    public void checkSchema(Schema schema) {
        OrcTypes.toOrc(schema);
    }

    @Override
    public FormatWriter openWriter(OutputFile file, Schema schema, Map<String, String> options,
                                   BufferAllocator allocator) {
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new InvalidRequestException("unknown orc option '" + key + "' (known: "
                        + new TreeSet<>(OPTIONS) + ")");
            }
        }
        CompressionKind compression = CompressionKind.ZSTD;
        String c = options.get(COMPRESSION);
        if (c != null) {
            compression = parseCompression(c);
        }
        long stripeSize = DEFAULT_STRIPE_SIZE;
        String s = options.get(STRIPE_SIZE);
        if (s != null) {
            try {
                stripeSize = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                stripeSize = -1;
            }
            if (stripeSize <= 0) {
                throw new InvalidRequestException("orc option " + STRIPE_SIZE + "='" + s
                        + "' is not a positive number of bytes");
            }
        }
        TypeDescription orcSchema = OrcTypes.toOrc(schema); // rejects before any file exists
        return new OrcFormatWriter(file, schema, orcSchema, compression, stripeSize);
    }

    static CompressionKind parseCompression(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "zstd": return CompressionKind.ZSTD;
            case "snappy": return CompressionKind.SNAPPY;
            case "zlib": return CompressionKind.ZLIB;
            case "none": case "uncompressed": return CompressionKind.NONE;
            default:
                throw new InvalidRequestException("orc option compression='" + value
                        + "' is not one of zstd, snappy, zlib, none");
        }
    }

    @Override
    public FormatReader openReader(InputFile file, ReadRequest request, BufferAllocator allocator) {
        return new OrcFormatReader(file, request, allocator);
    }

    /**
     * Consecutive stripes gathered until they hold {@code targetBytes} stored bytes (index, data and
     * stripe footer; a stripe larger than that is a split of its own), from the file's footer alone:
     * no stripe is read. A file without stripes (no rows) has no splits.
     */
    @Override
    public List<FileSplit> splits(InputFile file, long targetBytes) {
        if (targetBytes <= 0) {
            throw new IllegalArgumentException("targetBytes must be > 0, got " + targetBytes);
        }
        List<StripeInformation> stripes;
        try (Reader r = OrcStreams.reader(file)) {
            stripes = r.getStripes();
        } catch (IOException | RuntimeException e) {
            throw failure("footer read", file.uri(), e);
        }
        return FileSplit.runs(stripes.stream().mapToLong(StripeInformation::getNumberOfRows).toArray(),
                stripes.stream().mapToLong(StripeInformation::getLength).toArray(), targetBytes);
    }

    /** Reads the split's stripes only, with the projection and advisory filter of a whole-file read. */
    @Override
    public FormatReader openReader(InputFile file, ReadRequest request, FileSplit split, BufferAllocator allocator) {
        return new OrcFormatReader(file, request, allocator, split);
    }

    /**
     * The exception reporting a failure of {@code operation} on a file: our own exceptions pass
     * through, everything else becomes a {@link StorageException} naming orc, the operation and the
     * file.
     */
    static DeltacatException failure(String operation, String uri, Throwable e) {
        if (e instanceof DeltacatException) {
            return (DeltacatException) e;
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new StorageException("orc " + operation + " of " + uri + " failed: " + detail, e);
    }

    @Override
    public String toString() {
        return "OrcFormatProvider[" + NAME + "]";
    }
}
