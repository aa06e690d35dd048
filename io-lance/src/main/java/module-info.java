/**
 * The Lance format provider. A data file of this format is a Lance dataset: a directory written and
 * read through Lance Java ({@code lance.core}, an automatic module), which talks to its native
 * library through Arrow's C Data Interface. Exports nothing: it is found with ServiceLoader.
 */
module io.deltacat.io.lance {
    requires io.deltacat.io.spi;
    requires lance.core;
    // Lance's classes use these; explicit modules are only resolved when some module names them.
    requires org.apache.arrow.c;
    requires org.apache.arrow.dataset;
    requires io.questdb.jar.jni;
    requires com.fasterxml.jackson.databind;
    requires org.apache.arrow.memory.unsafe;

    provides io.deltacat.io.spi.FormatProvider with io.deltacat.io.lance.internal.LanceFormatProvider;
}
