/**
 * The text and Arrow IPC format providers: {@code csv}, {@code tsv}, {@code psv} (delimited text with
 * Apache Commons CSV), {@code json} (JSON lines with Jackson streaming) and {@code feather} (Arrow IPC
 * files with Arrow's own reader and writer). Exports nothing: found with ServiceLoader.
 */
module io.deltacat.io.text {
    requires io.deltacat.io.spi;
    requires org.apache.commons.csv;
    requires com.fasterxml.jackson.core;
    requires org.apache.arrow.compression;

    provides io.deltacat.io.spi.FormatProvider with
            io.deltacat.io.text.internal.CsvFormatProvider,
            io.deltacat.io.text.internal.TsvFormatProvider,
            io.deltacat.io.text.internal.PsvFormatProvider,
            io.deltacat.io.text.internal.JsonLinesFormatProvider,
            io.deltacat.io.text.internal.FeatherFormatProvider;
}
