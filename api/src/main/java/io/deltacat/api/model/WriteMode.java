package io.deltacat.api.model;

/**
 * How a write treats the table it targets.
 */
public enum WriteMode {
    /** Create the table if it is missing, otherwise append. The default. */
    AUTO,
    /** Create the table; fails with a conflict if it already exists. */
    CREATE,
    /** Add data to an existing table; fails if it does not exist. */
    ADD,
    /** Append data to an existing table; fails if it does not exist. */
    APPEND;

    /** The wire name, e.g. {@code "auto"}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
