package io.deltacat.api.model;

import io.deltacat.api.Evolving;
import java.util.Objects;

/**
 * A table by namespace and name, as pipeline nodes name their sources and sinks.
 *
 * <pre>{@code
 * TableRef raw = TableRef.of("robotics", "episodes");
 * TableRef cats = TableRef.of("cool_cats");          // namespace "default"
 * }</pre>
 */
@Evolving
public record TableRef(String namespace, String table) {
    public TableRef {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(table, "table");
    }

    public static TableRef of(String namespace, String table) {
        return new TableRef(namespace, table);
    }

    /** A table of the {@code default} namespace. */
    public static TableRef of(String table) {
        return new TableRef("default", table);
    }

    @Override
    public String toString() {
        return namespace + "." + table;
    }
}
