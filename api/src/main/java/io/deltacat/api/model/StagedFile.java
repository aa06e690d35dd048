package io.deltacat.api.model;

import io.deltacat.api.Evolving;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One data file staged into a {@link StagedWriteTarget}'s prefix, as its commit manifest names it.
 * {@link Serializable} (through a proxy: {@link ColumnStats} holds {@code Optional}s), so a task can
 * hand it back to the process that commits.
 *
 * @param name            the file name inside the staging prefix
 * @param columns         the file's column statistics (the server recomputes them from the file)
 * @param partitionValues one value per partition key (nulls allowed); empty when unpartitioned
 */
@Evolving
public record StagedFile(String name, long rowCount, long sizeBytes, Map<String, ColumnStats> columns,
                         List<Object> partitionValues) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    public StagedFile {
        Objects.requireNonNull(name, "name");
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        partitionValues = Collections.unmodifiableList(new ArrayList<>(partitionValues));
    }

    @Serial
    private Object writeReplace() {
        int n = columns.size();
        Proxy p = new Proxy();
        p.name = name;
        p.rowCount = rowCount;
        p.sizeBytes = sizeBytes;
        p.columnNames = new String[n];
        p.mins = new Object[n];
        p.maxs = new Object[n];
        p.nullCounts = new long[n];
        int i = 0;
        for (Map.Entry<String, ColumnStats> e : columns.entrySet()) {
            p.columnNames[i] = e.getKey();
            p.mins[i] = e.getValue().min().orElse(null);
            p.maxs[i] = e.getValue().max().orElse(null);
            p.nullCounts[i] = e.getValue().nullCount();
            i++;
        }
        p.partitionValues = new ArrayList<>(partitionValues);
        return p;
    }

    /** The serialized form: plain arrays (a missing bound is null), canonical values as they are. */
    private static final class Proxy implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private String name;
        private long rowCount;
        private long sizeBytes;
        private String[] columnNames;
        private Object[] mins;
        private Object[] maxs;
        private long[] nullCounts;
        private ArrayList<Object> partitionValues;

        @Serial
        private Object readResolve() {
            Map<String, ColumnStats> stats = new LinkedHashMap<>();
            for (int i = 0; i < columnNames.length; i++) {
                stats.put(columnNames[i], new ColumnStats(Optional.ofNullable(mins[i]), Optional.ofNullable(maxs[i]),
                        nullCounts[i]));
            }
            return new StagedFile(name, rowCount, sizeBytes, stats, partitionValues);
        }
    }
}
