package io.deltacat.example.plugin;

import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.testkit.Capabilities;
import io.deltacat.io.testkit.FormatProviderContract;
import io.deltacat.io.testkit.Kind;
import java.util.Set;

/** The format provider compatibility kit, run against the example plugin: all a plugin author writes. */
class ArrowzContractTest extends FormatProviderContract {
    @Override
    protected FormatProvider provider() {
        return new ArrowzFormatProvider();
    }

    @Override
    protected Capabilities capabilities() {
        return Capabilities.holding(Set.of(Kind.values())); // an Arrow IPC stream holds every Arrow type
    }
}
