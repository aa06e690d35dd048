package io.deltacat.io.text.internal;

import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.testkit.Capabilities;
import io.deltacat.io.testkit.FormatProviderContract;
import io.deltacat.io.testkit.Capabilities;
import io.deltacat.io.testkit.Kind;
import java.util.EnumSet;
import java.util.Set;

/** The format provider compatibility kit, run against each of io-text's five providers. */
final class TextContractTests {
    private TextContractTests() {
    }

    /** The scalar kinds every text format holds. */
    static Set<Kind> scalars() {
        EnumSet<Kind> kinds = EnumSet.copyOf(Kind.core());
        kinds.removeAll(Set.of(Kind.LIST_INT32, Kind.LIST_UTF8, Kind.STRUCT));
        kinds.addAll(Set.of(Kind.UINT8, Kind.UINT16, Kind.UINT32, Kind.UINT64, Kind.TIME64_US, Kind.LARGE_UTF8,
                Kind.LARGE_BINARY, Kind.FIXED_SIZE_BINARY, Kind.DECIMAL256));
        return kinds;
    }
}
