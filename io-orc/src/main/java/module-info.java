/**
 * The ORC format provider: writes Arrow batches into ORC files and reads them back with ORC's
 * vectorized API (orc-core, classifier nohive, from the io.deltacat.bundle.orc bundle), over the
 * io-spi streams: no Hadoop file system is looked up. Exports nothing: it is found with ServiceLoader.
 */
module io.deltacat.io.orc {
    requires io.deltacat.io.spi;
    requires io.deltacat.bundle.orc;
    // ORC links java.sql.Date/Timestamp (statistics, vectors) and Hadoop's Configuration javax.xml;
    // the bundles are automatic modules and cannot name them themselves
    requires java.sql;
    requires java.xml;
    // the Hadoop client API (Configuration, Path, FSData*Stream) lives in the Parquet bundle
    requires io.deltacat.bundle.parquet;
    // codecs used by ORC, resolved by name for the automatic bundle
    requires com.github.luben.zstd_jni;
    requires snappy.java;
    requires aircompressor;

    provides io.deltacat.io.spi.FormatProvider with io.deltacat.io.orc.internal.OrcFormatProvider;
}
