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
    private final java.util.concurrent.atomic.AtomicReference<Instant> frozen =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** Stops the clock at {@code at}: from now on it moves only by {@link #advance}. */
    void freezeAt(Instant at) {
        offsetNanos.set(0);
        frozen.set(at);
    }

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
        Instant base = frozen.get();
        return (base == null ? Instant.now() : base).plusNanos(offsetNanos.get());
    }
}
