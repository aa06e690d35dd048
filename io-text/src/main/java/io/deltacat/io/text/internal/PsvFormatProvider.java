package io.deltacat.io.text.internal;

/** The {@code psv} format: pipe-separated values (see {@link DelimitedFormatProvider}). */
public final class PsvFormatProvider extends DelimitedFormatProvider {
    public PsvFormatProvider() {
        super("psv", '|');
    }
}
