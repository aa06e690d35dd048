package io.deltacat.io.spi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * each file: memory is bounded by the number of distinct keys (and one bit per row), never by the
 * data. Within one file a later row wins over an earlier one. Pass 2 then streams the data files in
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
        Set<Object> decided = new HashSet<>();
        long live = 0;
        for (int f = deletes.length - 1; f >= 0; f--) {
            winners[f] = new BitSet();
            // the last row of each key in this file
            Map<Object, Integer> lastRow = new HashMap<>();
            try (FormatReader reader = openKeys.apply(f)) {
                int offset = 0;
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
                    for (int r = 0; r < batch.getRowCount(); r++) {
                        lastRow.put(key(vectors, r), offset + r);
                    }
                    offset += batch.getRowCount();
                }
            }
            for (Map.Entry<Object, Integer> e : lastRow.entrySet()) {
                if (decided.add(e.getKey()) && !deletes[f]) {
                    winners[f].set(e.getValue());
                    live++;
                }
            }
        }
        return new MergeIndex(winners, live, decided.size());
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
