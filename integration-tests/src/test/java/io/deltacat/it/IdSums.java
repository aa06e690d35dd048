package io.deltacat.it;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.options.ReadOptions;
import java.util.function.Consumer;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.table.Table;

/**
 * A read summed up as its row count and the sum of its {@code id} column: for tables written with
 * ids 0..n-1, a check that every row arrived exactly once without holding the rows.
 */
final class IdSums {
    private IdSums() {
    }

    /** {@code {rows, sum of ids}} of a read. */
    static long[] of(CatalogClient catalog, Consumer<ReadOptions.Builder> options) {
        try (Table t = catalog.readAll(options)) {
            long rows = t.getRowCount(); // before toVectorSchemaRoot, which moves the vectors out
            long sum = 0;
            try (VectorSchemaRoot r = t.toVectorSchemaRoot()) {
                BigIntVector ids = (BigIntVector) r.getVector("id");
                for (int i = 0; i < r.getRowCount(); i++) {
                    sum += ids.get(i);
                }
            }
            return new long[] {rows, sum};
        }
    }

    /** {@code {rows, sum of ids}} of ids 0..n-1. */
    static long[] firstIds(long n) {
        return new long[] {n, n * (n - 1) / 2};
    }
}
