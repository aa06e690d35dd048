package io.deltacat.client.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.model.PartitionKey;
import io.deltacat.io.spi.ArrowValues;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Splits a batch by partition value: the rows of each distinct tuple of partition values (one value
 * per key, nulls allowed), in order of first appearance.
 */
final class PartitionSplitter {
    private final List<PartitionKey> keys;
    private final ArrowType[] types;

    PartitionSplitter(List<PartitionKey> keys, Schema schema) {
        this.keys = List.copyOf(keys);
        this.types = new ArrowType[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            PartitionKey k = keys.get(i);
            var field = schema.getFields().stream().filter(f -> f.getName().equals(k.column())).findFirst()
                    .orElseThrow(() -> new InvalidRequestException("the data has no column '" + k.column()
                            + "' for partition key " + k));
            k.check(field.getType());
            types[i] = field.getType();
        }
    }

    /** The row indices (ascending) of each partition value tuple in {@code batch}. */
    Map<List<Object>, int[]> split(VectorSchemaRoot batch) {
        int rows = batch.getRowCount();
        FieldVector[] vectors = new FieldVector[keys.size()];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = batch.getVector(keys.get(i).column());
        }
        Map<List<Object>, IntList> groups = new LinkedHashMap<>();
        for (int r = 0; r < rows; r++) {
            Object[] values = new Object[vectors.length];
            for (int i = 0; i < vectors.length; i++) {
                values[i] = keys.get(i).apply(types[i], ArrowValues.canonical(vectors[i], r));
            }
            groups.computeIfAbsent(Arrays.asList(values), v -> new IntList()).add(r);
        }
        Map<List<Object>, int[]> out = new LinkedHashMap<>();
        groups.forEach((k, v) -> out.put(k, v.toArray()));
        return out;
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] values = new int[16];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
