package io.deltacat.it;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move forward by hand, so expiry is tested without sleeping. */
final class MutableClock extends Clock {
    private final AtomicLong offsetNanos = new AtomicLong();

    void advance(Duration d) {
        offsetNanos.addAndGet(d.toNanos());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plusNanos(offsetNanos.get());
    }
}
