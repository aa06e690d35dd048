package io.deltacat.server.internal.pipelines;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.deltacat.api.error.InvalidRequestException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Next-fire arithmetic of node schedules: a fixed interval, or a five-field UNIX cron expression
 * (minute hour day-of-month month day-of-week, as the Python client's croniter) evaluated in an IANA
 * time zone by cron-utils. Times are nanoseconds since the epoch.
 */
final class Schedules {
    private static final CronParser PARSER =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private Schedules() {
    }

    /** Parses and validates {@code expression}; a clear error names what is wrong. */
    static Cron parseCron(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new InvalidRequestException("a cron schedule needs a non-empty 'cron' expression");
        }
        try {
            Cron cron = PARSER.parse(expression.trim());
            cron.validate();
            return cron;
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("invalid cron expression '" + expression + "' (five fields: minute hour"
                    + " day-of-month month day-of-week): " + e.getMessage());
        }
    }

    /** Parses an IANA time zone id such as {@code Europe/Paris}. */
    static ZoneId parseZone(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw new InvalidRequestException("unknown time zone '" + timezone + "' (use an IANA id such as"
                    + " 'Europe/Paris' or 'UTC')");
        }
    }

    /**
     * The first fire strictly after {@code afterNs}: for an interval, the next point of the grid
     * {@code anchorNs + k * interval}; for a cron expression, its next execution in the zone.
     */
    static long nextFire(Long intervalSeconds, String cron, String timezone, long anchorNs, long afterNs) {
        if (intervalSeconds != null) {
            long step = Math.multiplyExact(intervalSeconds, 1_000_000_000L);
            if (afterNs < anchorNs) {
                return anchorNs;
            }
            long k = (afterNs - anchorNs) / step + 1;
            return anchorNs + k * step;
        }
        ExecutionTime execution = ExecutionTime.forCron(parseCron(cron));
        ZonedDateTime after = Instant.ofEpochSecond(0, afterNs).atZone(parseZone(timezone));
        Optional<ZonedDateTime> next = execution.nextExecution(after);
        ZonedDateTime n = next.orElseThrow(() -> new InvalidRequestException("cron expression '" + cron
                + "' never fires again"));
        Instant i = n.toInstant();
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    }
}
