/**
 * The Avro format provider: writes Arrow batches into Avro object container files and reads them
 * back with Avro's binary encoder and decoder, straight from and into Arrow vectors (no generic
 * records in between). Exports nothing: it is found with ServiceLoader.
 */
module io.deltacat.io.avro {
    requires io.deltacat.io.spi;
    requires org.apache.avro;
    // Avro (an automatic module) parses schemas with Jackson; named so that it is resolved
    requires com.fasterxml.jackson.databind;
    // Avro's zstandard and snappy codecs (optional dependencies of Avro)
    requires com.github.luben.zstd_jni;
    requires snappy.java;

    provides io.deltacat.io.spi.FormatProvider with io.deltacat.io.avro.internal.AvroFormatProvider;
}
