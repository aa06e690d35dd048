package io.deltacat.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathAndVersionTest {
    @Test
    void segmentsArePercentEncodedPerRfc3986() {
        assertThat(PathSegments.encode("cool_cats-1.~")).isEqualTo("cool_cats-1.~");
        assertThat(PathSegments.encode("my space")).isEqualTo("my%20space");
        assertThat(PathSegments.encode("a/b+c%")).isEqualTo("a%2Fb%2Bc%25");
        assertThat(PathSegments.encode("ü")).isEqualTo("%C3%BC");
        assertThat(PathSegments.encode("..")).isEqualTo("%2E%2E");
        assertThat(PathSegments.path("namespaces", "a b", "tables")).isEqualTo("/v1/namespaces/a%20b/tables");
    }

    @Test
    void versionsCompareNumerically() {
        assertThat(ClientVersion.compare("0.10.0", "0.9.1")).isPositive();
        assertThat(ClientVersion.compare("0.1", "0.1.0")).isZero();
        assertThat(ClientVersion.compare("0.1.0", "0.2.0")).isNegative();
        assertThat(ClientVersion.compare("1.0.0-SNAPSHOT", "1.0.0")).isZero();
    }
}
