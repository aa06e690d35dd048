package io.deltacat.io.text.internal;

import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.testkit.Capabilities;
import io.deltacat.io.testkit.FormatProviderContract;
import io.deltacat.io.testkit.Kind;
import java.util.Set;

/** The format provider compatibility kit, run against the Feather (Arrow IPC file) provider. */
class FeatherContractTest extends FormatProviderContract {
    @Override
    protected FormatProvider provider() {
        return new FeatherFormatProvider();
    }

    @Override
    protected Capabilities capabilities() {
        return Capabilities.holding(Set.of(Kind.values())).compression("zstd", "lz4", "none");
    }
}
