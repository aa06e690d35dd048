package io.deltacat.io.text.internal;

import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.testkit.Capabilities;
import io.deltacat.io.testkit.FormatProviderContract;

/** The format provider compatibility kit, run against the csv provider. */
class CsvContractTest extends FormatProviderContract {
    @Override
    protected FormatProvider provider() {
        return new CsvFormatProvider();
    }

    @Override
    protected Capabilities capabilities() {
        Capabilities caps = Capabilities.holding(TextContractTests.scalars()).untypedFiles();
        return caps;
    }
}
