package io.deltacat.io.spi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Pass 1 of merge-on-read: which row of which file is the live version of each merge key.
 *
 * <p>The files of a table with merge keys are given in reconciliation order (oldest first); every
 * file either carries rows (an upsert: the row replaces any earlier row with the same key) or is a
 * delete (its keys remove any earlier row with the same key). {@link #build} reads only the key
 * columns, newest file first, and keeps a set of the keys already decided plus one bit per row of
 * each file: memory is bounded by the number of distinct keys (and one bit per row, plus the keys of
 * the one file being indexed), never by the data. Within one file a later row wins over an earlier
 * one. A single integer-valued key (integer, date, timestamp) is kept as primitive longs. Pass 2 then streams the data files in
 * order and keeps exactly the rows {@link #select} names.
 *
 * <p>Keys compare by their canonical values ({@link ArrowValues#canonical}); a null key is a value
 * like any other.
 */
public final class MergeIndex {
    private final BitSet[] winners;
    private final long liveRows;
    private final long distinctKeys;

    private MergeIndex(BitSet[] winners, long liveRows, long distinctKeys) {
        this.winners = winners;
        this.liveRows = liveRows;
        this.distinctKeys = distinctKeys;
    }

    /**
     * Builds the index.
     *
     * @param deletes  {@code deletes[i]} is true when file {@code i} is a delete
     * @param keys     the merge-key column names
     * @param openKeys opens file {@code i} for reading at least the key columns, with no filter (every
     *                 row, in file order); the index closes each reader
     */
    public static MergeIndex build(boolean[] deletes, List<String> keys, IntFunction<FormatReader> openKeys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("merge-on-read needs at least one merge key");
        }
        BitSet[] winners = new BitSet[deletes.length];
        KeySet decided = null;
        long live = 0;
        for (int f = deletes.length - 1; f >= 0; f--) {
            winners[f] = new BitSet();
            // this file's keys in row order (one file at a time), then decided from its last row back:
            // within a file the later row of a key wins
            FileKeys fileKeys = null;
            try (FormatReader reader = openKeys.apply(f)) {
                while (reader.next()) {
                    VectorSchemaRoot batch = reader.batch();
                    List<FieldVector> vectors = new ArrayList<>(keys.size());
                    for (String k : keys) {
                        FieldVector v = batch.getVector(k);
                        if (v == null) {
                            throw new IllegalStateException("merge key column '" + k + "' is missing from file "
                                    + f + " of the read");
                        }
                        vectors.add(v);
                    }
                    if (fileKeys == null) {
                        fileKeys = LongKeys.supports(vectors) ? new LongKeys() : new ObjectKeys();
                    }
                    if (decided == null) {
                        decided = fileKeys instanceof LongKeys ? new LongKeySet() : new ObjectKeySet();
                    }
                    fileKeys.add(vectors, batch.getRowCount());
                }
            }
            if (fileKeys == null) {
                continue;
            }
            for (int r = fileKeys.size() - 1; r >= 0; r--) {
                if (fileKeys.decideAt(r, decided) && !deletes[f]) {
                    winners[f].set(r);
                    live++;
                }
            }
        }
        return new MergeIndex(winners, live, decided == null ? 0 : decided.size());
    }

    /** The decided keys of the whole read. */
    private interface KeySet {
        long size();
    }

    /** One file's keys in row order. */
    private interface FileKeys {
        void add(List<FieldVector> vectors, int rows);

        int size();

        /** Adds the key of row {@code r} to {@code decided}; true when it was not there yet. */
        boolean decideAt(int r, KeySet decided);
    }

    private static final class ObjectKeySet implements KeySet {
        final Set<Object> keys = new HashSet<>();

        @Override
        public long size() {
            return keys.size();
        }
    }

    private static final class ObjectKeys implements FileKeys {
        private final List<Object> keys = new ArrayList<>();

        @Override
        public void add(List<FieldVector> vectors, int rows) {
            for (int r = 0; r < rows; r++) {
                keys.add(key(vectors, r));
            }
        }

        @Override
        public int size() {
            return keys.size();
        }

        @Override
        public boolean decideAt(int r, KeySet decided) {
            return ((ObjectKeySet) decided).keys.add(keys.get(r));
        }
    }

    /** A single integer-valued key (integers, dates, timestamps): primitive longs, no boxing. */
    private static final class LongKeys implements FileKeys {
        private long[] values = new long[1024];
        private BitSet nulls = new BitSet();
        private int size;

        static boolean supports(List<FieldVector> vectors) {
            FieldVector v = vectors.size() == 1 ? vectors.get(0) : null;
            return v instanceof org.apache.arrow.vector.BaseIntVector || v instanceof org.apache.arrow.vector.DateDayVector
                    || v instanceof org.apache.arrow.vector.DateMilliVector
                    || v instanceof org.apache.arrow.vector.TimeStampVector;
        }

        @Override
        public void add(List<FieldVector> vectors, int rows) {
            FieldVector v = vectors.get(0);
            if (size + rows > values.length) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, size + rows));
            }
            for (int r = 0; r < rows; r++) {
                if (v.isNull(r)) {
                    nulls.set(size);
                } else if (v instanceof org.apache.arrow.vector.BaseIntVector) {
                    values[size] = ((org.apache.arrow.vector.BaseIntVector) v).getValueAsLong(r);
                } else {
                    values[size] = (Long) ArrowValues.canonical(v, r);
                }
                size++;
            }
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public boolean decideAt(int r, KeySet decided) {
            LongKeySet set = (LongKeySet) decided;
            return nulls.get(r) ? set.addNull() : set.add(values[r]);
        }
    }

    /** An open-addressing set of longs (linear probing), plus the null key. */
    private static final class LongKeySet implements KeySet {
        private static final long EMPTY = Long.MIN_VALUE;
        private long[] table = newTable(1 << 12);
        private boolean hasEmptyValue;
        private boolean hasNull;
        private long size;

        private static long[] newTable(int capacity) {
            long[] t = new long[capacity];
            Arrays.fill(t, EMPTY);
            return t;
        }

        boolean addNull() {
            if (hasNull) {
                return false;
            }
            hasNull = true;
            size++;
            return true;
        }

        boolean add(long key) {
            if (key == EMPTY) {
                if (hasEmptyValue) {
                    return false;
                }
                hasEmptyValue = true;
                size++;
                return true;
            }
            if (!insert(table, key)) {
                return false;
            }
            size++;
            if (size * 2 > table.length) {
                long[] bigger = newTable(table.length * 2);
                for (long k : table) {
                    if (k != EMPTY) {
                        insert(bigger, k);
                    }
                }
                table = bigger;
            }
            return true;
        }

        private static boolean insert(long[] t, long key) {
            int mask = t.length - 1;
            int i = (int) mix(key) & mask;
            while (t[i] != EMPTY) {
                if (t[i] == key) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            t[i] = key;
            return true;
        }

        private static long mix(long x) {
            x ^= x >>> 33;
            x *= 0xff51afd7ed558ccdL;
            x ^= x >>> 33;
            return x;
        }

        @Override
        public long size() {
            return size;
        }
    }

    private static Object key(List<FieldVector> vectors, int row) {
        if (vectors.size() == 1) {
            return ArrowValues.canonical(vectors.get(0), row);
        }
        Object[] values = new Object[vectors.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = ArrowValues.canonical(vectors.get(i), row);
        }
        return Arrays.asList(values);
    }

    /** The rows of file {@code file} at positions {@code offset .. offset+count-1} that are live, relative to offset. */
    public int[] select(int file, long offset, int count) {
        BitSet bits = winners[file];
        int from = Math.toIntExact(offset);
        int n = bits.get(from, from + count).cardinality();
        int[] rows = new int[n];
        int i = 0;
        for (int b = bits.nextSetBit(from); b >= 0 && b < from + count; b = bits.nextSetBit(b + 1)) {
            rows[i++] = b - from;
        }
        return rows;
    }

    /** Whether file {@code file} has any live row (false for every delete file). */
    public boolean hasLiveRows(int file) {
        return !winners[file].isEmpty();
    }

    /** The number of live rows: one per key whose newest version is not a delete. */
    public long liveRows() {
        return liveRows;
    }

    /** The number of distinct keys seen (live or deleted). */
    public long distinctKeys() {
        return distinctKeys;
    }
}
