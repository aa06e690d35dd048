package io.deltacat.wire.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;

/** {@code Trigger}: event: upstream commits and manual triggers; schedule: exactly one of intervalSeconds and cron (five fields, evaluated in timezone, an IANA id, default UTC). */
@WireSchema("Trigger")
public record Trigger(
        @JsonProperty(value = "kind", required = true) TriggerKind kind,
        @JsonProperty("intervalSeconds") Integer intervalSeconds,
        @JsonProperty("cron") String cron,
        @JsonProperty("timezone") String timezone) {
}
