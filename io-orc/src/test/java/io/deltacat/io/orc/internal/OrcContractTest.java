package io.deltacat.io.orc.internal;

import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.testkit.Capabilities;
import io.deltacat.io.testkit.FormatProviderContract;
import io.deltacat.io.testkit.Kind;
import java.util.Map;

/** The format provider compatibility kit, run against the ORC provider. */
class OrcContractTest extends FormatProviderContract {
    @Override
    protected FormatProvider provider() {
        return new OrcFormatProvider();
    }

    @Override
    protected Capabilities capabilities() {
        return Capabilities.holding(Kind.core())
                .plus(Kind.LIST_OF_LIST, Kind.LIST_OF_STRUCT)
                .compression("zstd", "snappy", "zlib", "none", "ZSTD")
                .projectionPushdown()
                .predicatePruning(Map.of("stripe_size", "4096"));
    }
}
