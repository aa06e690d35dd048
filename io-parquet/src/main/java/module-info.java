/**
 * The Parquet format provider: writes Arrow batches into Parquet files and reads them back through
 * Parquet-Java's column-level API, with a codec factory of its own (zstd, snappy, gzip) so that no
 * Hadoop codec or file system is ever loaded. Exports nothing: it is found with ServiceLoader.
 */
module io.deltacat.io.parquet {
    requires io.deltacat.io.spi;
    requires io.deltacat.bundle.parquet;
    requires com.github.luben.zstd_jni;
    requires snappy.java;
    requires aircompressor;
    // org.brotli:dec 0.1.2 (automatic module named after its jar)
    requires dec;

    provides io.deltacat.io.spi.FormatProvider with io.deltacat.io.parquet.internal.ParquetFormatProvider;
}
