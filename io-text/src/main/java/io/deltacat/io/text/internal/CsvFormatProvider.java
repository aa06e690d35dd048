package io.deltacat.io.text.internal;

/** The {@code csv} format: comma-separated values (see {@link DelimitedFormatProvider}). */
public final class CsvFormatProvider extends DelimitedFormatProvider {
    public CsvFormatProvider() {
        super("csv", ',');
    }
}
