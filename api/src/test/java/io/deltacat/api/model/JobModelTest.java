package io.deltacat.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.options.SubmitJobOptions;
import io.deltacat.api.options.WorkerOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobModelTest {
    @Test
    void statesFromANewerServerReadAsUnknown() {
        assertThat(JobState.fromWire("pending")).isEqualTo(JobState.PENDING);
        assertThat(JobState.fromWire("cancelled")).isEqualTo(JobState.CANCELLED);
        assertThat(JobState.fromWire("paused")).isEqualTo(JobState.UNKNOWN);
        assertThat(JobState.fromWire("unknown")).isEqualTo(JobState.UNKNOWN);
        assertThat(JobState.fromWire(null)).isEqualTo(JobState.UNKNOWN);
        assertThat(JobState.SUCCEEDED.isFinal()).isTrue();
        assertThat(JobState.RUNNING.isFinal()).isFalse();
        assertThat(JobState.UNKNOWN.isFinal()).isFalse();
    }

    @Test
    void optionsHaveDefaultsAndRefuseNonsense() {
        SubmitJobOptions o = SubmitJobOptions.builder().context("a", "b").workerTags("x", "x").build();
        assertThat(o.type()).isEqualTo("custom");
        assertThat(o.maxAttempts()).isEqualTo(3);
        assertThat(o.leaseDuration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.workerTags()).containsExactly("x");
        assertThatThrownBy(() -> SubmitJobOptions.builder().maxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubmitJobOptions.builder().timeout(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkerOptions.builder().build()).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("handler");
        assertThatThrownBy(() -> JobResult.of(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(JobResult.of(3, null).watermark()).isEmpty();
    }
}
