package io.deltacat.io.parquet.internal;

import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.testkit.Capabilities;
import io.deltacat.io.testkit.FormatProviderContract;
import io.deltacat.io.testkit.Kind;
import java.util.Map;

/** The format provider compatibility kit, run against the Parquet provider. */
class ParquetContractTest extends FormatProviderContract {
    @Override
    protected FormatProvider provider() {
        return new ParquetFormatProvider();
    }

    @Override
    protected Capabilities capabilities() {
        return Capabilities.holding(Kind.core())
                .minus(Kind.TIMESTAMP_S, Kind.TIMESTAMP_S_UTC)
                .plus(Kind.LIST_OF_LIST, Kind.LIST_OF_STRUCT, Kind.UINT8, Kind.UINT16, Kind.UINT32, Kind.UINT64, Kind.FIXED_SIZE_BINARY,
                        Kind.TIME64_US, Kind.LARGE_UTF8, Kind.LARGE_BINARY)
                .compression("zstd", "snappy", "gzip", "none", "ZSTD")
                .projectionPushdown()
                .predicatePruning(Map.of("row_group_size", "2048"))
                .footerStatistics();
    }
}
