package io.deltacat.io.parquet.internal;

import java.util.Arrays;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.statistics.DoubleStatistics;
import org.apache.parquet.column.statistics.FloatStatistics;
import org.apache.parquet.column.statistics.IntStatistics;
import org.apache.parquet.column.statistics.LongStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.schema.PrimitiveType;

/**
 * A flat fixed-width column (int32, int64, float, double, and the dates and timestamps stored as
 * them) written as PLAIN data pages straight from the Arrow buffers. PLAIN is the values'
 * little-endian bytes, which is Arrow's layout, so a run of non-null values is one copy; statistics
 * are a tight loop over the same memory. Parquet-Java's column writer spends tens of nanoseconds on
 * every value (level encoders, plain writer, statistics and a dictionary attempt); this writes the
 * same pages, page statistics and encodings (levels BIT_PACKED or RLE, values PLAIN) through the same
 * page writer (see {@link FlatColumnChunk}), so the file is what Parquet-Java writes once it
 * has fallen back from its dictionary. Columns whose first values would dictionary-encode well are left to Parquet-Java
 * ({@link #prefersDictionary}).
 */
final class PlainColumnChunk extends FlatColumnChunk {
    private final int width;
    private final boolean floating;

    private byte[] values = new byte[0];
    private int valueBytes;
    // min and max of the page's non-null values (valid once valueBytes > 0): longs for the integer
    // types, doubles for the floating ones
    private long minLong;
    private long maxLong;
    private double minDouble;
    private double maxDouble;

    private PlainColumnChunk(ColumnDescriptor column, ParquetProperties props, int width, boolean floating) {
        super(column, props);
        this.width = width;
        this.floating = floating;
    }

    /** A plain writer for {@code column} fed from {@code vector}'s type, or null when that is not a flat fixed-width column. */
    static PlainColumnChunk of(FieldVector vector, ColumnDescriptor column, ParquetProperties props) {
        if (!isFlat(column, props)) {
            return null;
        }
        PrimitiveType.PrimitiveTypeName physical = column.getPrimitiveType().getPrimitiveTypeName();
        if ((vector instanceof BigIntVector || vector instanceof TimeStampVector)
                && physical == PrimitiveType.PrimitiveTypeName.INT64) {
            return new PlainColumnChunk(column, props, 8, false);
        }
        if ((vector instanceof IntVector || vector instanceof DateDayVector)
                && physical == PrimitiveType.PrimitiveTypeName.INT32) {
            return new PlainColumnChunk(column, props, 4, false);
        }
        if (vector instanceof Float8Vector && physical == PrimitiveType.PrimitiveTypeName.DOUBLE) {
            return new PlainColumnChunk(column, props, 8, true);
        }
        if (vector instanceof Float4Vector && physical == PrimitiveType.PrimitiveTypeName.FLOAT) {
            return new PlainColumnChunk(column, props, 4, true);
        }
        return null;
    }

    /**
     * Whether Parquet-Java would keep its dictionary for these values: judged, as it does on its
     * first page, on up to a page's worth of the batch's first non-null values (dictionary ids plus
     * the dictionary smaller than the plain values).
     */
    boolean prefersDictionary(FieldVector vector) {
        int n = Math.min(vector.getValueCount(), pageRows);
        long data = vector.getDataBuffer().memoryAddress();
        DistinctLongs distinct = new DistinctLongs(n);
        int values = 0;
        for (int i = 0; i < n; i++) {
            if (!vector.isNull(i)) {
                distinct.add(width == 8 ? MemoryUtil.getLong(data + (long) i * 8) : MemoryUtil.getInt(data + (long) i * 4));
                values++;
            }
        }
        if (values == 0) {
            return false;
        }
        int idBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(distinct.size() - 1));
        long encoded = ((long) values * idBits + 7) / 8;
        long dictionary = (long) distinct.size() * width;
        return encoded + dictionary < (long) values * width;
    }

    @Override
    void startValues() {
        if (values.length == 0) {
            values = new byte[1024];
        }
        valueBytes = 0;
        minLong = Long.MAX_VALUE;
        maxLong = Long.MIN_VALUE;
    }

    @Override
    long valuesBufferedSize() {
        return valueBytes;
    }

    @Override
    void append(FieldVector vector, long validity, int from, int n) {
        if (values.length - valueBytes < n * width) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, valueBytes + n * width));
        }
        long data = vector.getDataBuffer().memoryAddress();
        int start = valueBytes;
        if (validity == 0) {
            MemoryUtil.copyFromMemory(data + (long) from * width, values, valueBytes, (long) n * width);
            valueBytes += n * width;
            levels(n);
        } else {
            for (int i = from; i < from + n; i++) {
                boolean present = isValid(validity, i);
                if (present) {
                    MemoryUtil.copyFromMemory(data + (long) i * width, values, valueBytes, width);
                    valueBytes += width;
                }
                level(present);
            }
        }
        bound(start, valueBytes);
    }

    /** Folds the values stored in {@code values[from, to)} into the page's min and max, in Parquet's order for the type. */
    private void bound(int from, int to) {
        if (from == to) {
            return;
        }
        if (floating) {
            // Double.compare's order (NaN above everything, -0.0 below 0.0), as Parquet-Java's
            // statistics compare; a float widens to a double without changing that order
            double min = from == 0 ? value(0) : minDouble;
            double max = from == 0 ? min : maxDouble;
            for (int p = from; p < to; p += width) {
                double v = value(p);
                if (Double.compare(min, v) > 0) {
                    min = v;
                }
                if (Double.compare(max, v) < 0) {
                    max = v;
                }
            }
            minDouble = min;
            maxDouble = max;
        } else {
            long min = minLong;
            long max = maxLong;
            for (int p = from; p < to; p += width) {
                long v = width == 8 ? MemoryUtil.getLong(values, p) : MemoryUtil.getInt(values, p);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            minLong = min;
            maxLong = max;
        }
    }

    private double value(int position) {
        return width == 8 ? Double.longBitsToDouble(MemoryUtil.getLong(values, position))
                : Float.intBitsToFloat(MemoryUtil.getInt(values, position));
    }

    @Override
    BytesInput pageValues() {
        return BytesInput.from(values, 0, valueBytes);
    }

    @Override
    Encoding pageEncoding() {
        return Encoding.PLAIN;
    }

    @Override
    void setMinMax(Statistics<?> statistics) {
        if (statistics instanceof LongStatistics) {
            ((LongStatistics) statistics).setMinMax(minLong, maxLong);
        } else if (statistics instanceof IntStatistics) {
            ((IntStatistics) statistics).setMinMax((int) minLong, (int) maxLong);
        } else if (statistics instanceof DoubleStatistics) {
            ((DoubleStatistics) statistics).setMinMax(minDouble, maxDouble);
        } else if (statistics instanceof FloatStatistics) {
            ((FloatStatistics) statistics).setMinMax((float) minDouble, (float) maxDouble);
        }
    }

    /** A set of longs (raw value bits) for counting distinct values: open addressing, no boxing. */
    private static final class DistinctLongs {
        private final long[] slots;
        private final boolean[] used;
        private int size;

        DistinctLongs(int expected) {
            int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
            slots = new long[capacity];
            used = new boolean[capacity];
        }

        void add(long v) {
            int mask = slots.length - 1;
            int i = (int) (mix(v) & mask);
            while (used[i]) {
                if (slots[i] == v) {
                    return;
                }
                i = (i + 1) & mask;
            }
            used[i] = true;
            slots[i] = v;
            size++;
        }

        int size() {
            return size;
        }

        private static long mix(long v) {
            long h = v * 0x9E3779B97F4A7C15L;
            return h ^ (h >>> 32);
        }
    }
}
