package io.deltacat.io.spi;

import io.deltacat.api.expr.Predicate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What a reader should produce.
 *
 * @param columns        projected columns in order; empty for all. A projected column missing from
 *                       the file is an error.
 * @param filter         advisory, bound predicate (see {@link Predicate#bind}); may be used to skip data
 * @param batchSize      maximum rows per batch
 * @param expectedSchema the schema the caller knows the file's columns to have (e.g. the table's
 *                       schema, projected to the read columns). Formats whose files cannot hold exact
 *                       Arrow types (CSV, JSON lines) type their values with it instead of inferring
 *                       them; self-describing formats (Parquet, Feather, ...) may ignore it.
 */
public record ReadRequest(List<String> columns, Optional<Predicate> filter, int batchSize,
                          Optional<Schema> expectedSchema) {
    public ReadRequest {
        columns = List.copyOf(columns);
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(expectedSchema, "expectedSchema");
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0");
        }
    }

    /** A request without an expected schema. */
    public ReadRequest(List<String> columns, Optional<Predicate> filter, int batchSize) {
        this(columns, filter, batchSize, Optional.empty());
    }

    /** Every column, no filter. */
    public static ReadRequest all(int batchSize) {
        return new ReadRequest(List.of(), Optional.empty(), batchSize);
    }

    /** This request with {@code schema} as the expected schema. */
    public ReadRequest withExpectedSchema(Schema schema) {
        return new ReadRequest(columns, filter, batchSize, Optional.of(schema));
    }
}
