package io.deltacat.server.internal.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.error.InvalidRequestException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SchedulesTest {
    private static long ns(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void intervalsStayOnTheirGridAndSkipMissedFires() {
        long anchor = ns("2026-01-01T00:00:00Z");
        assertThat(Schedules.nextFire(60L, null, null, anchor, anchor)).isEqualTo(ns("2026-01-01T00:01:00Z"));
        assertThat(Schedules.nextFire(60L, null, null, anchor, ns("2026-01-01T00:02:05Z")))
                .as("after downtime: the next grid point after now, not the missed ones")
                .isEqualTo(ns("2026-01-01T00:03:00Z"));
        assertThat(Schedules.nextFire(60L, null, null, anchor, ns("2025-12-31T23:00:00Z"))).isEqualTo(anchor);
    }

    @Test
    void cronFollowsItsTimeZoneAcrossDaylightSavingTime() {
        // 09:00 New York: 14:00 UTC in winter, 13:00 UTC from the second Sunday of March (2026-03-08)
        assertThat(Schedules.nextFire(null, "0 9 * * *", "America/New_York", 0, ns("2026-03-07T12:00:00Z")))
                .isEqualTo(ns("2026-03-07T14:00:00Z"));
        assertThat(Schedules.nextFire(null, "0 9 * * *", "America/New_York", 0, ns("2026-03-07T14:00:00Z")))
                .as("strictly after").isEqualTo(ns("2026-03-08T13:00:00Z"));
        assertThat(Schedules.nextFire(null, "*/15 * * * *", "UTC", 0, ns("2026-05-01T10:07:30Z")))
                .isEqualTo(ns("2026-05-01T10:15:00Z"));
        assertThat(Schedules.nextFire(null, "0 0 * * 1", "Asia/Tokyo", 0, ns("2026-05-01T00:00:00Z")))
                .as("Monday 00:00 Tokyo is Sunday 15:00 UTC").isEqualTo(ns("2026-05-03T15:00:00Z"));
    }

    @Test
    void badExpressionsAndZonesAreClearErrors() {
        assertThatThrownBy(() -> Schedules.parseCron("61 * * * *")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("61 * * * *");
        assertThatThrownBy(() -> Schedules.parseCron("* * *")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> Schedules.parseCron(" ")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> Schedules.parseZone("Mars/Olympus")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Mars/Olympus");
        assertThat(Schedules.parseZone(null).getId()).isEqualTo("UTC");
    }
}
