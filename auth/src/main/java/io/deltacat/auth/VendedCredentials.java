package io.deltacat.auth;

import io.deltacat.api.model.StorageCredential;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The storage credentials a server vended for one operation (a read plan, a staged write), keyed by
 * path prefix: {@link #forUri} answers the one with the longest prefix that starts a URI and, when
 * it lapses within the refresh margin, first asks the server for fresh ones. Thread-safe; a refresh
 * runs once however many readers need it at the same time.
 */
public final class VendedCredentials {
    /** Renews credentials: given the URI that needs access, answers fresh credentials (at least one covering it). */
    @FunctionalInterface
    public interface Refresher {
        List<StorageCredential> refresh(String uri);
    }

    private final Refresher refresher;
    private final Clock clock;
    private final Duration margin;
    private final List<StorageCredential> credentials = new ArrayList<>();
    /** When each credential (by identity) was received, in epoch nanoseconds. */
    private final java.util.IdentityHashMap<StorageCredential, Long> received = new java.util.IdentityHashMap<>();
    private int refreshes;

    /**
     * @param initial   what the server answered with the operation
     * @param refresher how to ask for fresh ones; null when they cannot be renewed
     * @param margin    how long before expiry a credential is renewed; the margin used for one
     *                  credential is at most a third of its remaining life when first seen, so that
     *                  short-lived credentials are not renewed at every use
     */
    public VendedCredentials(List<StorageCredential> initial, Refresher refresher, Duration margin, Clock clock) {
        this.refresher = refresher;
        this.margin = Objects.requireNonNull(margin, "margin");
        this.clock = Objects.requireNonNull(clock, "clock");
        initial.forEach(this::put);
    }

    /** Credentials that never refresh (a fixed list). */
    public static VendedCredentials fixed(List<StorageCredential> credentials) {
        return new VendedCredentials(credentials, null, Duration.ZERO, Clock.systemUTC());
    }

    /**
     * The credential for {@code uri} (longest matching prefix), renewed first when it lapses within the
     * margin. Empty when none covers the URI and none can be obtained.
     */
    public synchronized Optional<StorageCredential> forUri(String uri) {
        StorageCredential best = longest(uri);
        if (refresher != null && (best == null || lapsesSoon(best))) {
            List<StorageCredential> fresh = refresher.refresh(uri);
            refreshes++;
            fresh.forEach(this::put);
            best = longest(uri);
        }
        return Optional.ofNullable(best);
    }

    /** How many times the server was asked for fresh credentials. */
    public synchronized int refreshes() {
        return refreshes;
    }

    private StorageCredential longest(String uri) {
        StorageCredential best = null;
        for (StorageCredential c : credentials) {
            if (c.covers(uri) && (best == null || c.prefix().length() > best.prefix().length())) {
                best = c;
            }
        }
        return best;
    }

    private void put(StorageCredential f) {
        credentials.removeIf(c -> {
            boolean same = c.prefix().equals(f.prefix());
            if (same) {
                received.remove(c);
            }
            return same;
        });
        credentials.add(f);
        received.put(f, nowNs());
    }

    private boolean lapsesSoon(StorageCredential c) {
        if (c.expiresAt().isEmpty()) {
            return false;
        }
        long now = nowNs();
        long life = c.expiresAt().get() - received.getOrDefault(c, now);
        long effective = Math.min(margin.toNanos(), Math.max(0, life / 3));
        return c.expiresAt().get() - now <= effective;
    }

    private long nowNs() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
