package io.deltacat.io.text.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hand-written parse of the common timestamp shape against {@code java.time}'s own parsers, and
 * the shapes it leaves to the general path.
 */
class CommonDateTimesTest {
    @Test
    void agreesWithJavaTimeOnRandomTimestampsOfEveryFractionLengthAndOffset() {
        SplittableRandom random = new SplittableRandom(7);
        String[] offsets = {"", "Z", "+00:00", "-05:30", "+14:00", "-0800", "+09", "+18:00"};
        for (int k = 0; k < 200_000; k++) {
            // years 0001 to 9999
            long seconds = random.nextLong(-62_135_596_800L, 253_402_300_799L);
            int digits = random.nextInt(10);
            int nanos = random.nextInt(1_000_000_000);
            String fraction = "";
            if (digits > 0) {
                fraction = "." + String.format("%09d", nanos).substring(0, digits);
                nanos = Integer.parseInt(String.format("%09d", nanos).substring(0, digits)) * (int) Math.pow(10, 9 - digits);
            } else {
                nanos = 0;
            }
            LocalDateTime ldt = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
            String offset = offsets[random.nextInt(offsets.length)];
            String text = ldt.format(DateTimeFormatter.ofPattern("uuuu-MM-dd")) + (random.nextBoolean() ? " " : "T")
                    + ldt.format(DateTimeFormatter.ofPattern("HH:mm:ss")) + fraction + offset;
            long expected = offset.isEmpty() ? seconds : OffsetDateTime.of(ldt, offset.equals("Z") ? ZoneOffset.UTC
                    : ZoneOffset.of(offset.length() == 3 ? offset + ":00"
                    : offset.length() == 5 ? offset.substring(0, 3) + ":" + offset.substring(3) : offset)).toEpochSecond();
            TextValues.Instant got = CommonDateTimes.parse(text, null);
            assertThat(got).as(text).isEqualTo(new TextValues.Instant(expected, nanos, !offset.isEmpty(), digits));
            assertThat(TextValues.parseDateTime(text, "UTC")).as(text).isEqualTo(got);
        }
    }

    @Test
    void leavesOtherShapesAndOutOfRangeFieldsToTheGeneralPath() {
        for (String text : new String[] {"2024-02-30 00:00:00", "2023-02-29 00:00:00", "2024-01-01 24:00:00",
                "2024-01-01 23:60:00", "2024-13-01 00:00:00", "+10000-01-01 00:00:00", " 2024-01-01 00:00:00",
                "2024-01-01 00:00:00 Z", "2024-01-01 00:00", "2024-01-01", "2024-01-01 00:00:00.", "2024-01-01 00:00:00.1234567890",
                "2024-01-01 00:00:00+19:00", "2024-01-01 00:00:00+0", "2024-01-01 00:00:00UTC", "2024-01-01 00:00:00x"}) {
            assertThat(CommonDateTimes.parse(text, null)).as(text).isNull();
        }
        // a leap day is in range; a named zone other than UTC is the general path's (its rules)
        assertThat(CommonDateTimes.parse("2024-02-29 12:00:00", null)).isNotNull();
        assertThat(CommonDateTimes.parse("2024-07-01 12:00:00", "America/New_York")).isNull();
        assertThat(TextValues.parseDateTime("2024-07-01 12:00:00", "America/New_York").seconds())
                .isEqualTo(OffsetDateTime.parse("2024-07-01T12:00:00-04:00").toEpochSecond());
        // the general path still reads what the fast one leaves
        assertThat(TextValues.parseDateTime("+10000-01-01 00:00:00", null)).isNotNull();
        assertThat(TextValues.parseDateTime("2024-01-01 00:00:00 Z", null).offset()).isTrue();
    }
}
