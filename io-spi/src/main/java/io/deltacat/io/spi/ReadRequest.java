package io.deltacat.io.spi;

import io.deltacat.api.expr.Predicate;
import java.util.List;
import java.util.Optional;

/**
 * What a reader should produce.
 *
 * @param columns   projected columns in order; empty for all. A projected column missing from the
 *                  file is an error.
 * @param filter    advisory, bound predicate (see {@link Predicate#bind}); may be used to skip data
 * @param batchSize maximum rows per batch
 */
public record ReadRequest(List<String> columns, Optional<Predicate> filter, int batchSize) {
    public ReadRequest {
        columns = List.copyOf(columns);
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0");
        }
    }

    /** Every column, no filter. */
    public static ReadRequest all(int batchSize) {
        return new ReadRequest(List.of(), Optional.empty(), batchSize);
    }
}
