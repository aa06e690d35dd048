package io.deltacat.io.testkit;

import io.deltacat.io.spi.FormatProvider;
import java.util.EnumSet;

/** The suite passes against an honest provider: every case the kit has can be satisfied. */
class IpcTestProviderContractTest extends FormatProviderContract {
    @Override
    protected FormatProvider provider() {
        return new IpcTestProvider();
    }

    @Override
    protected Capabilities capabilities() {
        EnumSet<Kind> held = EnumSet.allOf(Kind.class);
        held.removeAll(IpcTestProvider.REFUSED);
        return Capabilities.holding(held).compression("none");
    }
}
