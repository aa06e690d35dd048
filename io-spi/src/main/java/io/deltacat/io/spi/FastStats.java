package io.deltacat.io.spi;

import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Unboxed statistics loops for the common column types, so that collecting min/max on the write path
 * costs a scan, not an object per value. Produces exactly what the generic loop in
 * {@link ColumnStatsCollector} would.
 */
final class FastStats {
    private FastStats() {
    }

    /** Adds the column's values to {@code acc}; false when the vector type has no fast loop. */
    static boolean add(FieldVector v, int rows, ColumnStatsCollector.Acc acc) {
        if (v instanceof BigIntVector || v instanceof TimeStampVector || v instanceof IntVector) {
            longs(v, rows, acc);
            return true;
        }
        if (v instanceof Float8Vector) {
            doubles((Float8Vector) v, rows, acc);
            return true;
        }
        if (v instanceof VarCharVector) {
            strings((VarCharVector) v, rows, acc);
            return true;
        }
        return false;
    }

    /*
     * Values are read by address, the buffers' addresses taken once per batch: ArrowBuf's checked
     * getters (accessibility, reference count, bounds) on every value were a large part of the
     * write path's profile. Every index read is below the vector's value count.
     */

    /** Whether row {@code i} is null, from the validity buffer at {@code validity} (0: no nulls). */
    private static boolean isNull(long validity, int i) {
        return validity != 0 && (MemoryUtil.getByte(validity + (i >> 3)) >> (i & 7) & 1) == 0;
    }

    /** The validity buffer's address, or 0 when the batch has no nulls (no check needed). */
    private static long validity(FieldVector v, int rows) {
        return rows == 0 || v.getNullCount() == 0 ? 0 : v.getValidityBuffer().memoryAddress();
    }

    private static void longs(FieldVector v, int rows, ColumnStatsCollector.Acc acc) {
        long validity = validity(v, rows);
        long data = rows == 0 ? 0 : v.getDataBuffer().memoryAddress();
        boolean ints = v instanceof IntVector;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        boolean any = false;
        for (int i = 0; i < rows; i++) {
            if (isNull(validity, i)) {
                acc.nulls++;
                continue;
            }
            long x = ints ? MemoryUtil.getInt(data + (long) i * 4) : MemoryUtil.getLong(data + (long) i * 8);
            min = Math.min(min, x);
            max = Math.max(max, x);
            any = true;
        }
        if (any) {
            if (acc.min == null || min < (Long) acc.min) {
                acc.min = min;
            }
            if (acc.max == null || max > (Long) acc.max) {
                acc.max = max;
            }
        }
    }

    private static void doubles(Float8Vector v, int rows, ColumnStatsCollector.Acc acc) {
        long validity = validity(v, rows);
        long data = rows == 0 ? 0 : v.getDataBuffer().memoryAddress();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean any = false;
        for (int i = 0; i < rows; i++) {
            if (isNull(validity, i)) {
                acc.nulls++;
                continue;
            }
            double x = Double.longBitsToDouble(MemoryUtil.getLong(data + (long) i * 8));
            if (Double.isNaN(x)) {
                acc.boundsUnknown = true;
                continue;
            }
            // Double.compare order, as Literals.compare uses (-0.0 < 0.0)
            if (!any || Double.compare(x, min) < 0) {
                min = x;
            }
            if (!any || Double.compare(x, max) > 0) {
                max = x;
            }
            any = true;
        }
        if (any) {
            if (acc.min == null || Double.compare(min, (Double) acc.min) < 0) {
                acc.min = min;
            }
            if (acc.max == null || Double.compare(max, (Double) acc.max) > 0) {
                acc.max = max;
            }
        }
    }

    /** UTF-8 byte order is code point order, the order {@code Literals.compare} uses for strings. */
    private static void strings(VarCharVector v, int rows, ColumnStatsCollector.Acc acc) {
        long validity = validity(v, rows);
        long offsets = rows == 0 ? 0 : v.getOffsetBuffer().memoryAddress();
        long data = rows == 0 ? 0 : v.getDataBuffer().memoryAddress();
        int minAt = -1;
        int maxAt = -1;
        for (int i = 0; i < rows; i++) {
            if (isNull(validity, i)) {
                acc.nulls++;
                continue;
            }
            if (minAt < 0) {
                minAt = i;
                maxAt = i;
                continue;
            }
            if (compare(offsets, data, i, minAt) < 0) {
                minAt = i;
            }
            if (compare(offsets, data, i, maxAt) > 0) {
                maxAt = i;
            }
        }
        if (minAt < 0) {
            return;
        }
        String min = new String(v.get(minAt), StandardCharsets.UTF_8);
        String max = new String(v.get(maxAt), StandardCharsets.UTF_8);
        if (acc.min == null || io.deltacat.api.expr.Literals.compare(min, acc.min) < 0) {
            acc.min = min;
        }
        if (acc.max == null || io.deltacat.api.expr.Literals.compare(max, acc.max) > 0) {
            acc.max = max;
        }
    }

    private static final boolean LITTLE_ENDIAN = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;

    private static int compare(long offsets, long data, int a, int b) {
        int aStart = MemoryUtil.getInt(offsets + (long) a * 4);
        int aEnd = MemoryUtil.getInt(offsets + (long) (a + 1) * 4);
        int bStart = MemoryUtil.getInt(offsets + (long) b * 4);
        int bEnd = MemoryUtil.getInt(offsets + (long) (b + 1) * 4);
        int n = Math.min(aEnd - aStart, bEnd - bStart);
        int k = 0;
        // eight bytes at a time: read big-endian, unsigned order of the words is the bytes' order
        for (; k + 8 <= n; k += 8) {
            long x = MemoryUtil.getLong(data + aStart + k);
            long y = MemoryUtil.getLong(data + bStart + k);
            if (x != y) {
                return LITTLE_ENDIAN ? Long.compareUnsigned(Long.reverseBytes(x), Long.reverseBytes(y))
                        : Long.compareUnsigned(x, y);
            }
        }
        for (; k < n; k++) {
            int x = MemoryUtil.getByte(data + aStart + k) & 0xff;
            int y = MemoryUtil.getByte(data + bStart + k) & 0xff;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return Integer.compare(aEnd - aStart, bEnd - bStart);
    }
}
