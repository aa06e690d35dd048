package io.deltacat.io.text.internal;

import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.testkit.Capabilities;
import io.deltacat.io.testkit.FormatProviderContract;
import io.deltacat.io.testkit.Kind;

/** The format provider compatibility kit, run against the JSON lines provider. */
class JsonLinesContractTest extends FormatProviderContract {
    @Override
    protected FormatProvider provider() {
        return new JsonLinesFormatProvider();
    }

    @Override
    protected Capabilities capabilities() {
        Capabilities caps = Capabilities.holding(TextContractTests.scalars())
                .plus(Kind.LIST_INT32, Kind.LIST_UTF8, Kind.STRUCT, Kind.LIST_OF_LIST, Kind.LIST_OF_STRUCT)
                .untypedFiles();
        return caps;
    }
}
