package io.deltacat.io.spi;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.error.UnsupportedFeatureException;
import org.junit.jupiter.api.Test;

/** What {@link Formats#require} says when no provider answers: the module to add, or that none exists. */
class FormatsMessagesTest {
    @Test
    void aFormatNobodyProvidesIsUnknownWithoutAModuleToAdd() {
        assertThatThrownBy(() -> Formats.require("xlsx"))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageStartingWith("unknown format 'xlsx' (available: ")
                .hasMessageNotContaining("add module");
    }

    @Test
    void aKnownFormatWhoseModuleIsAbsentNamesTheModule() {
        assertThatThrownBy(() -> Formats.require("lance"))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("add module io.deltacat.io.lance");
        assertThatThrownBy(() -> Formats.require("TSV"))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("add module io.deltacat.io.text");
    }
}
