package io.deltacat.io.text.internal;

import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.testkit.Capabilities;
import io.deltacat.io.testkit.FormatProviderContract;

/** The format provider compatibility kit, run against the psv provider. */
class PsvContractTest extends FormatProviderContract {
    @Override
    protected FormatProvider provider() {
        return new PsvFormatProvider();
    }

    @Override
    protected Capabilities capabilities() {
        Capabilities caps = Capabilities.holding(TextContractTests.scalars()).untypedFiles();
        return caps;
    }
}
