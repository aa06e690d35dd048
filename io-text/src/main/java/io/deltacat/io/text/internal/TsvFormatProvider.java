package io.deltacat.io.text.internal;

/** The {@code tsv} format: tab-separated values (see {@link DelimitedFormatProvider}). */
public final class TsvFormatProvider extends DelimitedFormatProvider {
    public TsvFormatProvider() {
        super("tsv", '\t');
    }
}
