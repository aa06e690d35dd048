/**
 * An example third-party format plugin: the {@code arrowz} format (gzip-compressed Arrow IPC streams).
 * One class and a {@code provides} clause; putting the jar on the module path is all it takes.
 */
module io.deltacat.example.plugin {
    requires io.deltacat.io.spi;

    provides io.deltacat.io.spi.FormatProvider with io.deltacat.example.plugin.ArrowzFormatProvider;
}
