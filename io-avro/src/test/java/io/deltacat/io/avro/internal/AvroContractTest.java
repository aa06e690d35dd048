package io.deltacat.io.avro.internal;

import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.testkit.Capabilities;
import io.deltacat.io.testkit.FormatProviderContract;
import io.deltacat.io.testkit.Kind;

/** The format provider compatibility kit, run against the Avro provider. */
class AvroContractTest extends FormatProviderContract {
    @Override
    protected FormatProvider provider() {
        return new AvroFormatProvider();
    }

    @Override
    protected Capabilities capabilities() {
        return Capabilities.holding(Kind.core())
                .minus(Kind.TIMESTAMP_S, Kind.TIMESTAMP_S_UTC)
                .plus(Kind.LIST_OF_LIST, Kind.LIST_OF_STRUCT, Kind.MAP)
                .compression("zstd", "snappy", "deflate", "none", "ZSTD");
    }
}
