package io.deltacat.api.expr;

/**
 * What file statistics say about one column: canonical min and max (null when unknown), the number of
 * nulls and of rows (negative when unknown).
 */
public record ColumnRange(Object min, Object max, long nullCount, long rowCount) {

    /** Nothing known: never prunes. */
    public static final ColumnRange UNKNOWN = new ColumnRange(null, null, -1, -1);

    boolean allNull() {
        return rowCount >= 0 && nullCount == rowCount;
    }

    boolean noNulls() {
        return nullCount == 0;
    }
}
