package io.deltacat.io.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FileSplitTest {
    @Test
    void runsEndAtTheGroupThatReachesTheTargetAndTheLastTakesTheRest() {
        long[] rows = {100, 200, 300, 400, 500};
        long[] bytes = {10, 15, 40, 5, 5};
        assertThat(FileSplit.runs(rows, bytes, 20)).containsExactly(
                new FileSplit(0, 2, 300, 25),   // 10 + 15 reaches 20
                new FileSplit(2, 1, 300, 40),   // a group over the target alone
                new FileSplit(3, 2, 900, 10));  // what is left
        assertThat(FileSplit.runs(rows, bytes, 1)).hasSize(5).allSatisfy(s -> assertThat(s.groups()).isEqualTo(1));
        assertThat(FileSplit.runs(rows, bytes, 1_000)).containsExactly(new FileSplit(0, 5, 1500, 75));
        assertThat(FileSplit.runs(new long[0], new long[0], 20)).isEmpty();
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> FileSplit.runs(new long[] {1}, new long[] {1}, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targetBytes");
        assertThatThrownBy(() -> FileSplit.runs(new long[] {1, 2}, new long[] {1}, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 row counts for 1 row groups");
    }
}
