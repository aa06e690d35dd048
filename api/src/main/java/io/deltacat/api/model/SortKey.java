package io.deltacat.api.model;

import io.deltacat.api.Evolving;
import java.util.Objects;

/**
 * One key of a table's sort scheme: every data file a write produces is sorted by the keys in order.
 *
 * <pre>{@code
 * client.catalog().createTable(t -> t.table("events").schema(schema)
 *         .sortBy(SortKey.asc("ts").nullsFirst(), SortKey.desc("score")));
 * }</pre>
 *
 * <p>Values compare by their canonical form (strings by code point); nulls go last unless
 * {@link #nullsFirst()} says otherwise (DeltaCAT's default).
 *
 * @param column the sort column (a top-level field of a comparable type)
 * @param order  ascending or descending
 * @param nulls  where nulls go
 */
@Evolving
public record SortKey(String column, Order order, Nulls nulls) implements java.io.Serializable {

    /** Sort direction; wire names {@code asc} and {@code desc}. */
    public enum Order {
        ASCENDING("asc"), DESCENDING("desc");

        private final String wireName;

        Order(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** Null placement; wire names {@code first} and {@code last}. */
    public enum Nulls {
        FIRST("first"), LAST("last");

        private final String wireName;

        Nulls(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public SortKey {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(nulls, "nulls");
    }

    /** Ascending, nulls last. */
    public static SortKey asc(String column) {
        return new SortKey(column, Order.ASCENDING, Nulls.LAST);
    }

    /** Descending, nulls last. */
    public static SortKey desc(String column) {
        return new SortKey(column, Order.DESCENDING, Nulls.LAST);
    }

    /** This key with nulls first. */
    public SortKey nullsFirst() {
        return new SortKey(column, order, Nulls.FIRST);
    }

    /** This key with nulls last. */
    public SortKey nullsLast() {
        return new SortKey(column, order, Nulls.LAST);
    }

    @Override
    public String toString() {
        return column + " " + order.wireName() + " nulls " + nulls.wireName();
    }
}
