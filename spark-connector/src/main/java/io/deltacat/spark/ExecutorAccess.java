package io.deltacat.spark;

import io.deltacat.api.model.ReadPlan;
import io.deltacat.api.model.StorageCredential;
import io.deltacat.io.spi.StorageAccess;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/**
 * The storage access the server vended with a scan's plan, carried to the executors so they read S3
 * (or presigned) files without storage keys of their own in Spark's configuration. Before a credential
 * lapses (a minute before, or a third of its life) the executor plans the same snapshot again through
 * the connection and takes the fresh access of that plan: the server vends it, checking the caller's
 * rights again, exactly as it did for the driver.
 */
final class ExecutorAccess implements StorageAccess, Serializable {
    private static final long serialVersionUID = 1L;
    private static final long MARGIN_NANOS = 60_000_000_000L;

    /** One vended credential in a serializable shape. */
    record Vended(String prefix, String provider, HashMap<String, String> properties, long expiresAt, long vendedAt)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        static Vended of(StorageCredential c, long now) {
            return new Vended(c.prefix(), c.provider(), new HashMap<>(c.properties()), c.expiresAt().orElse(0L), now);
        }

        StorageCredential credential() {
            return new StorageCredential(prefix, provider, properties, expiresAt == 0 ? Optional.empty()
                    : Optional.of(expiresAt));
        }

        /** Whether it lapses within a minute, or has used two thirds of its life. */
        boolean lapsingAt(long now) {
            if (expiresAt == 0) {
                return false;
            }
            long life = expiresAt - vendedAt;
            return now >= expiresAt - Math.min(MARGIN_NANOS, Math.max(0, life / 3));
        }
    }

    private final Connection connection;
    private final String namespace;
    private final String table;
    private final long snapshotTime;
    private List<Vended> vended;

    ExecutorAccess(Connection connection, ReadPlan plan) {
        this.connection = connection;
        this.namespace = plan.namespace();
        this.table = plan.table();
        this.snapshotTime = plan.snapshotTime();
        this.vended = vend(plan.credentials());
    }

    private static List<Vended> vend(List<StorageCredential> credentials) {
        long now = nowNanos();
        List<Vended> out = new ArrayList<>();
        credentials.forEach(c -> out.add(Vended.of(c, now)));
        return out;
    }

    private static long nowNanos() {
        java.time.Instant t = java.time.Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** Whether the plan carried any access (local roots need none). */
    boolean empty() {
        return vended.isEmpty();
    }

    @Override
    public synchronized Optional<StorageCredential> credentialFor(String uri) {
        Optional<Vended> best = longest(uri);
        if (best.isPresent() && best.get().lapsingAt(nowNanos())) {
            // the same snapshot planned again: the server vends fresh access for the same files
            ReadPlan again = connection.client().catalog().plan(q -> q.namespace(namespace).table(table)
                    .asOf(snapshotTime));
            vended = vend(again.credentials());
            best = longest(uri);
        }
        return best.map(Vended::credential);
    }

    private Optional<Vended> longest(String uri) {
        Vended best = null;
        for (Vended v : vended) {
            if (uri.startsWith(v.prefix()) && (best == null || v.prefix().length() > best.prefix().length())) {
                best = v;
            }
        }
        return Optional.ofNullable(best);
    }
}
