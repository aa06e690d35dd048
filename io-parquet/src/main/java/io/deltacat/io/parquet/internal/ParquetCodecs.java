package io.deltacat.io.parquet.internal;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import io.airlift.compress.lz4.Lz4Decompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.brotli.dec.BrotliInputStream;
import org.xerial.snappy.Snappy;

/**
 * Parquet page compression over zstd-jni, snappy-java and {@code java.util.zip}, so that Hadoop's
 * codec classes (and their native loader) are never touched. Pages of other writers' LZ4_RAW and
 * BROTLI codecs are decompressed too (aircompressor's LZ4, Google's pure-Java Brotli decoder). Stateless, hence shareable.
 */
final class ParquetCodecs implements CompressionCodecFactory {
    static final ParquetCodecs INSTANCE = new ParquetCodecs(false);

    /** zstd level used by Parquet-Java and Arrow C++ by default. */
    private static final int ZSTD_LEVEL = 3;

    /**
     * zstd decompression contexts kept between pages, or null: one per thread decompressing at once.
     * Creating a context per page (what {@code Zstd.decompress} does) was a twentieth of a read.
     */
    private final java.util.concurrent.ConcurrentLinkedQueue<ZstdDecompressCtx> contexts;
    private volatile boolean released;

    private ParquetCodecs(boolean keepContexts) {
        this.contexts = keepContexts ? new java.util.concurrent.ConcurrentLinkedQueue<>() : null;
    }

    /** A factory for one file's reader, which keeps zstd contexts until the reader releases it on close. */
    static ParquetCodecs forOneFile() {
        return new ParquetCodecs(true);
    }

    /** The codec for an option value: zstd, snappy, gzip or none (case-insensitive). */
    static CompressionCodecName parse(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "zstd": return CompressionCodecName.ZSTD;
            case "snappy": return CompressionCodecName.SNAPPY;
            case "gzip": return CompressionCodecName.GZIP;
            case "none": case "uncompressed": return CompressionCodecName.UNCOMPRESSED;
            default: return null;
        }
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        if (codec == CompressionCodecName.LZ4_RAW || codec == CompressionCodecName.BROTLI) {
            throw new UnsupportedOperationException("parquet codec " + codec
                    + " is read, not written (zstd, snappy, gzip and uncompressed are)");
        }
        return new Compressor(codec(codec));
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return new Decompressor(codec(codec), this);
    }

    @Override
    public void release() {
        if (contexts != null) {
            released = true;
            ZstdDecompressCtx c;
            while ((c = contexts.poll()) != null) {
                c.close();
            }
        }
    }

    /** zstd-decompresses with a kept context when this factory keeps them. */
    private byte[] decompressZstd(byte[] in, int uncompressedSize) throws IOException {
        if (contexts == null) {
            return decompress(CompressionCodecName.ZSTD, in, uncompressedSize);
        }
        ZstdDecompressCtx context = contexts.poll();
        if (context == null) {
            context = new ZstdDecompressCtx();
        }
        try {
            byte[] out = new byte[uncompressedSize];
            int n = context.decompress(out, in);
            if (n != uncompressedSize) {
                throw new IOException("zstd: expected " + uncompressedSize + " bytes, got " + n);
            }
            return out;
        } catch (com.github.luben.zstd.ZstdException e) {
            throw new IOException("zstd: " + e.getMessage(), e);
        } finally {
            contexts.offer(context);
            if (released) {
                release(); // a page read after the reader closed: keep nothing
            }
        }
    }

    private static CompressionCodecName codec(CompressionCodecName codec) {
        switch (codec) {
            case UNCOMPRESSED: case ZSTD: case SNAPPY: case GZIP: case LZ4_RAW: case BROTLI:
                return codec;
            default:
                throw new UnsupportedOperationException("parquet codec " + codec
                        + " is not supported (zstd, snappy, gzip, lz4_raw, brotli and uncompressed are)");
        }
    }

    static byte[] compress(CompressionCodecName codec, byte[] in) throws IOException {
        switch (codec) {
            case ZSTD:
                return Zstd.compress(in, ZSTD_LEVEL);
            case SNAPPY:
                return Snappy.compress(in);
            case GZIP: {
                ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, in.length / 2));
                try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
                    gz.write(in);
                }
                return out.toByteArray();
            }
            default:
                return in;
        }
    }

    static byte[] decompress(CompressionCodecName codec, byte[] in, int uncompressedSize) throws IOException {
        switch (codec) {
            case ZSTD: {
                byte[] out = new byte[uncompressedSize];
                long n = Zstd.decompress(out, in);
                if (Zstd.isError(n)) {
                    throw new IOException("zstd: " + Zstd.getErrorName(n));
                }
                if (n != uncompressedSize) {
                    throw new IOException("zstd: expected " + uncompressedSize + " bytes, got " + n);
                }
                return out;
            }
            case SNAPPY: {
                byte[] out = new byte[uncompressedSize];
                int n = Snappy.uncompress(in, 0, in.length, out, 0);
                if (n != uncompressedSize) {
                    throw new IOException("snappy: expected " + uncompressedSize + " bytes, got " + n);
                }
                return out;
            }
            case LZ4_RAW: {
                // Parquet's LZ4_RAW is the LZ4 block format, without LZ4's frame or Hadoop's framing
                byte[] out = new byte[uncompressedSize];
                int n = new Lz4Decompressor().decompress(in, 0, in.length, out, 0, out.length);
                if (n != uncompressedSize) {
                    throw new IOException("lz4_raw: expected " + uncompressedSize + " bytes, got " + n);
                }
                return out;
            }
            case BROTLI: {
                try (InputStream br = new BrotliInputStream(new java.io.ByteArrayInputStream(in))) {
                    byte[] out = br.readNBytes(uncompressedSize);
                    if (out.length != uncompressedSize) {
                        throw new IOException("brotli: expected " + uncompressedSize + " bytes, got " + out.length);
                    }
                    return out;
                }
            }
            case GZIP: {
                try (InputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(in), 1 << 16)) {
                    byte[] out = gz.readNBytes(uncompressedSize);
                    if (out.length != uncompressedSize) {
                        throw new IOException("gzip: expected " + uncompressedSize + " bytes, got " + out.length);
                    }
                    return out;
                }
            }
            default:
                return in;
        }
    }

    /**
     * A compressor for one writer's pages, used by one thread at a time, that keeps its zstd context
     * between pages: a context per page (what {@code Zstd.compress} does) allocates and clears the
     * level's working memory for every page. {@link #release()} frees the context.
     */
    static BytesInputCompressor pageCompressor(CompressionCodecName codec) {
        return codec == CompressionCodecName.ZSTD ? new ZstdPageCompressor() : new Compressor(codec);
    }

    private static final class ZstdPageCompressor implements BytesInputCompressor {
        private ZstdCompressCtx context;

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            if (context == null) {
                context = new ZstdCompressCtx().setLevel(ZSTD_LEVEL);
            }
            return BytesInput.from(context.compress(bytes.toByteArray()));
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.ZSTD;
        }

        @Override
        public void release() {
            if (context != null) {
                context.close();
                context = null;
            }
        }
    }

    private static final class Compressor implements BytesInputCompressor {
        private final CompressionCodecName codec;

        Compressor(CompressionCodecName codec) {
            this.codec = codec;
        }

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            if (codec == CompressionCodecName.UNCOMPRESSED) {
                return bytes;
            }
            return BytesInput.from(ParquetCodecs.compress(codec, bytes.toByteArray()));
        }

        @Override
        public CompressionCodecName getCodecName() {
            return codec;
        }

        @Override
        public void release() {
        }
    }

    private static final class Decompressor implements BytesInputDecompressor {
        private final CompressionCodecName codec;
        private final ParquetCodecs factory;

        Decompressor(CompressionCodecName codec, ParquetCodecs factory) {
            this.codec = codec;
            this.factory = factory;
        }

        private byte[] decompress(byte[] in, int uncompressedSize) throws IOException {
            return codec == CompressionCodecName.ZSTD ? factory.decompressZstd(in, uncompressedSize)
                    : ParquetCodecs.decompress(codec, in, uncompressedSize);
        }

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            if (codec == CompressionCodecName.UNCOMPRESSED) {
                return bytes;
            }
            return BytesInput.from(decompress(bytes.toByteArray(), uncompressedSize));
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                throws IOException {
            byte[] in = new byte[compressedSize];
            input.duplicate().get(in);
            byte[] out = decompress(in, uncompressedSize);
            output.duplicate().put(out, 0, uncompressedSize);
        }

        @Override
        public void release() {
        }
    }
}
