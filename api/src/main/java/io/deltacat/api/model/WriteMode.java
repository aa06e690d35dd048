package io.deltacat.api.model;

/**
 * How a write treats the table it targets.
 */
public enum WriteMode {
    /**
     * Create the table if it is missing; otherwise merge (upsert by merge key) when the table has merge
     * keys, append when it has none. The default.
     */
    AUTO,
    /** Create the table; fails with a conflict if it already exists. */
    CREATE,
    /** Add data to an existing table; fails if it does not exist. */
    ADD,
    /**
     * Append data to an existing table; fails if it does not exist. On a table with merge keys an
     * appended row replaces the live row of its key, like {@link #MERGE} (keys stay unique).
     */
    APPEND,
    /**
     * Atomically replace all contents of an existing table with the data written (zero rows empty
     * it); fails if the table does not exist.
     */
    REPLACE,
    /**
     * Upsert by merge key into an existing table: a row replaces the live row with the same key or is
     * inserted. Fails with {@link io.deltacat.api.error.MergeKeysRequiredException} when the table has
     * no merge keys.
     */
    MERGE,
    /**
     * Delete the rows whose merge keys match a row of the data; the data needs only the merge-key
     * columns. Fails with {@link io.deltacat.api.error.MergeKeysRequiredException} when the table has
     * no merge keys.
     */
    DELETE;

    /** The wire name, e.g. {@code "auto"}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
