package io.deltacat.api.model;

/** Murmur3 x86 32-bit hash with seed 0, as Iceberg's bucket transform uses it. */
final class Murmur3 {
    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private Murmur3() {
    }

    /** The hash of a long as 8 little-endian bytes. */
    static int hashLong(long value) {
        int h = mixH1(0, mixK1((int) value));
        h = mixH1(h, mixK1((int) (value >>> 32)));
        return fmix(h, 8);
    }

    /** The hash of a byte array. */
    static int hashBytes(byte[] data) {
        int h = 0;
        int i = 0;
        for (; i + 4 <= data.length; i += 4) {
            int k = (data[i] & 0xff) | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16
                    | (data[i + 3] & 0xff) << 24;
            h = mixH1(h, mixK1(k));
        }
        int k = 0;
        for (int shift = 0; i < data.length; i++, shift += 8) {
            k ^= (data[i] & 0xff) << shift;
        }
        h ^= mixK1(k);
        return fmix(h, data.length);
    }

    private static int mixK1(int k) {
        k *= C1;
        k = Integer.rotateLeft(k, 15);
        return k * C2;
    }

    private static int mixH1(int h, int k) {
        h ^= k;
        h = Integer.rotateLeft(h, 13);
        return h * 5 + 0xe6546b64;
    }

    private static int fmix(int h, int length) {
        h ^= length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
