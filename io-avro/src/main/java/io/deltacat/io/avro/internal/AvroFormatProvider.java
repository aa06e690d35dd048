package io.deltacat.io.avro.internal;

import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.StorageException;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.OutputFile;
import io.deltacat.io.spi.ReadRequest;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.avro.file.CodecFactory;

/**
 * The {@code avro} format (object container files). Writer options:
 * <ul>
 *   <li>{@code compression}: {@code zstd} (default), {@code snappy}, {@code deflate} or {@code none}.</li>
 * </ul>
 * Columns may be signed integers, float32/64, bool, utf8, binary, decimal128, date32, timestamps
 * (ms/us/ns, with or without time zone), lists and structs of those, named with valid Avro names;
 * {@link #checkSchema} rejects anything else before a file is written. The exact Arrow schema is kept
 * in the file metadata under {@value AvroTypes#ARROW_SCHEMA_KEY}; files without it (written by other
 * tools) are read with Arrow types derived from the Avro schema and its logical types. The advisory
 * filter is not used (the caller re-applies it).
 */
public final class AvroFormatProvider implements FormatProvider {
    static final String NAME = "avro";
    static final String COMPRESSION = "compression";
    private static final Set<String> OPTIONS = Set.of(COMPRESSION);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> extensions() {
        return Set.of("avro");
    }

    @Override
    public void checkSchema(Schema schema) {
        AvroTypes.toAvro(schema);
    }

    @Override
    public FormatWriter openWriter(OutputFile file, Schema schema, Map<String, String> options,
                                   BufferAllocator allocator) {
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new InvalidRequestException("unknown avro option '" + key + "' (known: "
                        + new TreeSet<>(OPTIONS) + ")");
            }
        }
        String c = options.get(COMPRESSION);
        CodecFactory codec = codec(c == null ? "zstd" : c);
        org.apache.avro.Schema avroSchema = AvroTypes.toAvro(schema); // rejects before any file exists
        return new AvroFormatWriter(file, schema, avroSchema, codec);
    }

    static CodecFactory codec(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "zstd": case "zstandard": return CodecFactory.zstandardCodec(CodecFactory.DEFAULT_ZSTANDARD_LEVEL);
            case "snappy": return CodecFactory.snappyCodec();
            case "deflate": return CodecFactory.deflateCodec(CodecFactory.DEFAULT_DEFLATE_LEVEL);
            case "none": case "null": return CodecFactory.nullCodec();
            default:
                throw new InvalidRequestException("avro option compression='" + value
                        + "' is not one of zstd, snappy, deflate, none");
        }
    }

    @Override
    public FormatReader openReader(InputFile file, ReadRequest request, BufferAllocator allocator) {
        return new AvroFormatReader(file, request, allocator);
    }

    /**
     * The exception reporting a failure of {@code operation} on a file: our own exceptions pass
     * through, everything else becomes a {@link StorageException} naming avro, the operation and the
     * file.
     */
    static DeltacatException failure(String operation, String uri, Throwable e) {
        if (e instanceof DeltacatException) {
            return (DeltacatException) e;
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new StorageException("avro " + operation + " of " + uri + " failed: " + detail, e);
    }

    @Override
    public String toString() {
        return "AvroFormatProvider[" + NAME + "]";
    }
}
