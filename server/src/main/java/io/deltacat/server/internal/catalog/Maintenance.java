package io.deltacat.server.internal.catalog;

import static io.deltacat.server.internal.store.Sql.update;

import io.deltacat.server.internal.idempotency.IdempotencyStore;
import io.deltacat.server.internal.store.Database;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the catalog leaves behind and cleans up later: writes and transactions nobody finished,
 * idempotency answers past their time, data files superseded or dropped past the retention window,
 * and files nothing references (see {@link Leftovers}).
 */
public final class Maintenance {
    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

    /** The default grace period of a file no catalog entry references: 1 hour. */
    public static final Duration DEFAULT_LEFTOVER_GRACE = Duration.ofHours(1);

    /** The default retention of superseded files: 7 days. */
    public static final Duration DEFAULT_SUPERSEDED_RETENTION = Duration.ofDays(7);

    private final CatalogStore store;
    private final Database db;
    private final TransactionService transactions;
    private final Duration supersededRetention;
    private final Duration leftoverGrace;
    private final Leftovers leftovers;

    Maintenance(CatalogStore store, TransactionService transactions, Duration supersededRetention,
                Duration leftoverGrace) {
        this.leftoverGrace = leftoverGrace;
        this.leftovers = new Leftovers(store);
        this.store = store;
        this.db = store.db();
        this.transactions = transactions;
        this.supersededRetention = supersededRetention;
    }

    /**
     * Expires open writes past their deadline (deleting their staged files) and forgets idempotency
     * answers older than 24 hours. Returns the number of writes expired.
     */
    public int collectGarbage() throws SQLException {
        db.lock().lock();
        try {
            long now = store.nowNs();
            List<String[]> expired = db.tx(c -> {
                List<String[]> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT id, staging_uri FROM writes WHERE state = 'open' AND expires_at < ?")) {
                    ps.setLong(1, now);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new String[] {rs.getString(1), rs.getString(2)});
                        }
                    }
                }
                // only those still open when updated (another replica may have committed one meanwhile)
                List<String[]> expiredNow = new ArrayList<>();
                for (String[] w : out) {
                    if (update(c, "UPDATE writes SET state = 'expired' WHERE id = ? AND state = 'open'", w[0]) == 1) {
                        expiredNow.add(w);
                    }
                }
                IdempotencyStore.forgetExpired(c, now);
                return expiredNow;
            });
            transactions.expire();
            for (String[] w : expired) {
                LOG.info("expired abandoned write {}", w[0]);
                store.deleteStaging(w[1]);
            }
            return expired.size();
        } finally {
            db.lock().unlock();
        }
    }

    /**
     * Deletes the data files that no snapshot within the retention window needs (see
     * {@link Retention}).
     *
     * @return the number of files removed
     */
    public int collectSupersededFiles() throws SQLException {
        long now = store.nowNs();
        return new Retention(db, store.roots(), now - supersededRetention.toNanos()).collectSuperseded(now);
    }

    /**
     * Deletes what nothing will read again: the files of tables dropped longer ago than the retention
     * window, and files under the data root that no catalog entry references and that are older than
     * the grace period (what a write, compaction or delete killed half way left). See {@link Leftovers}.
     *
     * @return the number of files removed
     */
    public int collectLeftovers() throws SQLException {
        long now = store.nowNs();
        int removed = new Retention(db, store.roots(), now - supersededRetention.toNanos()).collectDropped(now);
        try {
            // a file's age is the file system's (wall clock) time, not the catalog's (injectable) clock
            Instant wall = Instant.now();
            long wallNs = Math.addExact(Math.multiplyExact(wall.getEpochSecond(), 1_000_000_000L), wall.getNano());
            removed += leftovers.collectUnreferenced(wallNs - leftoverGrace.toNanos());
        } catch (IOException e) {
            LOG.warn("could not list the data root for leftover files", e);
        }
        return removed;
    }
}
