/**
 * The SPIs that format providers and storage implementations plug into, the local/POSIX storage,
 * and Arrow helpers (canonical values, column statistics, row selection).
 */
module io.deltacat.io.spi {
    requires transitive io.deltacat.api;

    exports io.deltacat.io.spi;

    uses io.deltacat.io.spi.FormatProvider;
    uses io.deltacat.io.spi.StorageProvider;
    uses io.deltacat.io.spi.LayoutProvider;

    provides io.deltacat.io.spi.StorageProvider with io.deltacat.io.spi.internal.LocalStorageProvider;
}
