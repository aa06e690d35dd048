package io.deltacat.io.text.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.OutputFile;
import io.deltacat.io.spi.ReadRequest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The {@code feather} format: the Arrow IPC file format (Feather v2), written and read by Arrow's own
 * {@code ArrowFileWriter}/{@code ArrowFileReader}, so it holds every Arrow type and the exact schema.
 * Writer option {@code compression}: {@code zstd} (default), {@code lz4} (LZ4 frame) or {@code none},
 * through Arrow's compression module; reading decompresses either.
 */
public final class FeatherFormatProvider implements FormatProvider {
    static final String NAME = "feather";
    static final String COMPRESSION = "compression";

    /** Arrow's compression module for zstd and lz4; the no-op codec for uncompressed buffers. */
    static final CompressionCodec.Factory CODECS = new CompressionCodec.Factory() {
        @Override
        public CompressionCodec createCodec(CompressionUtil.CodecType type) {
            return type == CompressionUtil.CodecType.NO_COMPRESSION
                    ? NoCompressionCodec.Factory.INSTANCE.createCodec(type)
                    : CommonsCompressionFactory.INSTANCE.createCodec(type);
        }

        @Override
        public CompressionCodec createCodec(CompressionUtil.CodecType type, int level) {
            return type == CompressionUtil.CodecType.NO_COMPRESSION
                    ? NoCompressionCodec.Factory.INSTANCE.createCodec(type, level)
                    : CommonsCompressionFactory.INSTANCE.createCodec(type, level);
        }
    };

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> extensions() {
        return new LinkedHashSet<>(List.of("feather", "arrow"));
    }

    @Override
    public void checkSchema(Schema schema) {
        for (Field f : schema.getFields()) {
            check(f, f.getName());
        }
    }

    private static void check(Field f, String path) {
        if (f.getDictionary() != null) {
            throw new InvalidRequestException("column '" + path + "' is dictionary-encoded ("
                    + f.getType() + "), which the feather writer does not support");
        }
        for (Field c : f.getChildren()) {
            check(c, path + "." + c.getName());
        }
    }

    @Override
    public FormatWriter openWriter(OutputFile file, Schema schema, Map<String, String> options,
                                   BufferAllocator allocator) {
        CompressionUtil.CodecType codec = CompressionUtil.CodecType.ZSTD; // zstd by default, as for the other binary formats
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (!e.getKey().equals(COMPRESSION)) {
                throw new InvalidRequestException("unknown feather option '" + e.getKey() + "' (known: [compression])");
            }
            codec = codec(e.getValue());
        }
        checkSchema(schema);
        return new FeatherWriter(file, schema, codec, allocator);
    }

    static CompressionUtil.CodecType codec(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "none":
            case "uncompressed":
                return CompressionUtil.CodecType.NO_COMPRESSION;
            case "zstd":
                return CompressionUtil.CodecType.ZSTD;
            case "lz4":
            case "lz4_frame":
                return CompressionUtil.CodecType.LZ4_FRAME;
            default:
                throw new InvalidRequestException("feather option compression='" + name
                        + "' is not one of none, zstd, lz4");
        }
    }

    @Override
    public FormatReader openReader(InputFile file, ReadRequest request, BufferAllocator allocator) {
        return new FeatherReader(file, request, allocator);
    }

    @Override
    public String toString() {
        return "FeatherFormatProvider[feather]";
    }
}
