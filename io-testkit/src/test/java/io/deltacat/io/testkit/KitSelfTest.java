package io.deltacat.io.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.deltacat.io.spi.FormatProvider;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The kit catches broken providers: the suite is run (through the JUnit Platform launcher) against
 * providers that each have one deliberate bug, and must fail them with a message that says what is wrong.
 */
class KitSelfTest {

    /** What one run of the suite reported, by case display name. */
    record Outcome(Map<String, String> failures, Map<String, String> skipped, int passed) {
    }

    static Outcome runSuite(Class<?> subject) {
        Map<String, String> failures = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        int[] passed = {0};
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(subject)).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (!id.isTest()) {
                            return;
                        }
                        String message = result.getThrowable().map(t -> String.valueOf(t.getMessage())).orElse("");
                        switch (result.getStatus()) {
                            case SUCCESSFUL -> passed[0]++;
                            case FAILED -> failures.put(id.getDisplayName(), message);
                            case ABORTED -> skipped.put(id.getDisplayName(), message);
                            default -> throw new IllegalStateException(result.toString());
                        }
                    }
                });
        return new Outcome(failures, skipped, passed[0]);
    }

    static Capabilities honestCapabilities() {
        EnumSet<Kind> held = EnumSet.allOf(Kind.class);
        held.removeAll(IpcTestProvider.REFUSED);
        return Capabilities.holding(held).compression("none");
    }

    abstract static class Subject extends FormatProviderContract {
        @Override
        protected Capabilities capabilities() {
            return honestCapabilities();
        }
    }

    static class DropsNulls extends Subject {
        @Override
        protected FormatProvider provider() {
            return new IpcTestProvider(IpcTestProvider.Breakage.DROPS_NULLS);
        }

        @Override
        protected Capabilities capabilities() {
            return honestCapabilities().knownIssue("roundTrip[i8]", "issue 0: the kit's demonstration of a skip");
        }
    }

    static class MisordersColumns extends Subject {
        @Override
        protected FormatProvider provider() {
            return new IpcTestProvider(IpcTestProvider.Breakage.MISORDERS_COLUMNS);
        }
    }

    static class LeaksBuffer extends Subject {
        @Override
        protected FormatProvider provider() {
            return new IpcTestProvider(IpcTestProvider.Breakage.LEAKS_BUFFER);
        }
    }

    @Test
    void aProviderThatDropsNullsFailsEveryRoundTripOfANullableColumn() {
        Outcome o = runSuite(DropsNulls.class);
        assertThat(o.failures()).containsKeys("roundTrip[i16]", "roundTrip[name]", "roundTrip[ts_us_ny]")
                .doesNotContainKey("emptyFile");
        assertThat(o.failures().get("roundTrip[i16]"))
                .contains("column 'i16' (Int(16, true)) row 13 (id order): expected null but was");
        assertThat(o.failures().get("roundTrip[name]")).contains("column 'name'").contains("expected null but was");
        // the known issue is reported as skipped with its reason, and not run
        assertThat(o.skipped()).containsEntry("roundTrip[i8]",
                "known issue, case not run: issue 0: the kit's demonstration of a skip");
        assertThat(o.failures()).doesNotContainKey("roundTrip[i8]");
    }

    @Test
    void aProviderThatMisordersProjectedColumnsFailsProjection() {
        Outcome o = runSuite(MisordersColumns.class);
        assertThat(o.failures()).containsOnlyKeys("projection");
        assertThat(o.failures().get("projection")).contains("projected schema, in request order");
    }

    @Test
    void aProviderThatLeaksABufferFailsEveryCaseThatReads() {
        Outcome o = runSuite(LeaksBuffer.class);
        assertThat(o.failures()).containsKeys("roundTrip[i8]", "projection", "emptyFile", "statistics")
                .doesNotContainKeys("options", "writerClosedWithoutFinishLeavesNothing", "refuses[attrs]");
        assertThat(o.failures().get("roundTrip[i8]")).contains("roundTrip[i8]: 64 bytes of Arrow memory were still "
                + "allocated after every reader, writer and batch of the case was closed: the kitipc provider leaks a buffer");
    }
}
