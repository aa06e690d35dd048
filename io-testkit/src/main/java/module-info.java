/**
 * The format provider compatibility kit: {@link io.deltacat.io.testkit.FormatProviderContract}, an
 * abstract JUnit 5 suite that a {@code FormatProvider} runs by extending it, and generated all-types
 * data for format-specific tests.
 */
module io.deltacat.io.testkit {
    requires transitive io.deltacat.io.spi;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;

    exports io.deltacat.io.testkit;
    // JUnit reflects on the suite's test methods when the kit itself is on the module path
    opens io.deltacat.io.testkit to org.junit.platform.commons;
}
