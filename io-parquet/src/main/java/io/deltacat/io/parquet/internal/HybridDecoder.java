package io.deltacat.io.parquet.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;

/**
 * Decodes Parquet's RLE / bit-packed hybrid encoding (definition levels, dictionary ids) in bulk into
 * {@code int[]}s: a run-length run is a fill, a bit-packed run is unpacked eight values at a time by
 * Parquet's own {@link BytePacker}. Parquet-Java's decoder hands out one value per call and
 * allocates per run; this one reads a whole slice per call and reuses its buffer.
 */
final class HybridDecoder {
    private final ByteBuffer in;
    private final int bitWidth;
    private final BytePacker packer;
    private final int rleBytes;
    private int rleRemaining;
    private int rleValue;
    private int[] packed = new int[64];
    private int packedCount;
    private int packedIndex;

    /** A decoder over {@code in} (from its position to its limit) of values {@code bitWidth} bits wide. */
    HybridDecoder(ByteBuffer in, int bitWidth) {
        this.in = in;
        this.bitWidth = bitWidth;
        this.packer = Packer.LITTLE_ENDIAN.newBytePacker(bitWidth);
        this.rleBytes = (bitWidth + 7) / 8;
    }

    /** Reads {@code n} values into {@code out} from {@code offset}. */
    void read(int[] out, int offset, int n) throws IOException {
        while (n > 0) {
            if (rleRemaining == 0 && packedIndex == packedCount) {
                nextRun();
            }
            if (rleRemaining > 0) {
                int k = Math.min(n, rleRemaining);
                java.util.Arrays.fill(out, offset, offset + k, rleValue);
                rleRemaining -= k;
                offset += k;
                n -= k;
            } else {
                int k = Math.min(n, packedCount - packedIndex);
                System.arraycopy(packed, packedIndex, out, offset, k);
                packedIndex += k;
                offset += k;
                n -= k;
            }
        }
    }

    private void nextRun() throws IOException {
        if (!in.hasRemaining()) {
            throw new IOException("RLE/bit-packed data ended early");
        }
        int header = readVarInt();
        if ((header & 1) == 0) {
            rleRemaining = header >>> 1;
            int v = 0;
            for (int i = 0; i < rleBytes; i++) {
                v |= (in.get() & 0xff) << (8 * i);
            }
            rleValue = v;
        } else {
            int groups = header >>> 1;
            int values = groups * 8;
            if (packed.length < values) {
                packed = new int[Math.max(values, packed.length * 2)];
            }
            if (bitWidth == 0) {
                java.util.Arrays.fill(packed, 0, values, 0);
                packedCount = values;
                packedIndex = 0;
                return;
            }
            int bytes = groups * bitWidth;
            // the last run of a page may be cut short of its declared groups
            int available = Math.min(bytes, in.remaining());
            int fullGroups = available / Math.max(1, bitWidth);
            int position = in.position();
            for (int g = 0; g < fullGroups; g++) {
                packer.unpack8Values(in, position + g * bitWidth, packed, g * 8);
            }
            in.position(position + available);
            packedCount = fullGroups * 8;
            packedIndex = 0;
        }
    }

    private int readVarInt() {
        int value = 0;
        int shift = 0;
        int b;
        do {
            b = in.get() & 0xff;
            value |= (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return value;
    }
}
