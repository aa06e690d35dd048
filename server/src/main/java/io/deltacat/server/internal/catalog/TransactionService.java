package io.deltacat.server.internal.catalog;

import static io.deltacat.server.internal.store.Sql.count;
import static io.deltacat.server.internal.store.Sql.update;

import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.server.internal.catalog.Model.Transaction;
import io.deltacat.server.internal.catalog.TransactionRows.TxRow;
import io.deltacat.server.internal.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multi-table transactions: begin, heartbeat, commit, abort and expiry. A transaction records its
 * operations ({@link TransactionOps}: table creates, drops and alters, prepared writes) and applies
 * all of them in one database transaction at one commit time ({@link TransactionCommit}), so every
 * reader, {@code asOf} included, sees all of it or none of it. Until then only reads that name the
 * transaction see its changes. A transaction lives while its client heartbeats; one whose deadline
 * passes is expired by maintenance and its staged files deleted.
 *
 * <p>Conflicts are checked at commit against what other commits did after the transaction began:
 * a table the transaction writes must not have been dropped meanwhile; a table it drops or
 * replaces must not have been written meanwhile. Appends never conflict with appends.
 */
public final class TransactionService {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionService.class);
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
    static final Duration MIN_TTL = Duration.ofMillis(100);
    static final Duration MAX_TTL = Duration.ofHours(24);
    private static final int MAX_MESSAGE = 4096;

    private final CatalogStore store;
    private final Database db;
    private final TransactionCommit committer;
    private final CommitListeners listeners;
    private final Tables tables;
    private final Compactions compactions;

    TransactionService(CatalogStore store, TransactionCommit committer, CommitListeners listeners, Tables tables,
                       Compactions compactions) {
        this.store = store;
        this.db = store.db();
        this.committer = committer;
        this.listeners = listeners;
        this.tables = tables;
        this.compactions = compactions;
    }

    /**
     * Begins a transaction that expires {@code ttl} after its last heartbeat; {@code user} (who began
     * it) is the only one besides an admin who may carry it on, on a server with users.
     */
    public Transaction begin(String message, Duration ttl, String user) throws SQLException {
        if (message.length() > MAX_MESSAGE) {
            throw new InvalidRequestException("transaction message is longer than " + MAX_MESSAGE + " characters");
        }
        if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new InvalidRequestException("transaction ttlMs must be between " + MIN_TTL.toMillis() + " and "
                    + MAX_TTL.toMillis() + ", got " + ttl.toMillis());
        }
        String id = UUID.randomUUID().toString();
        return db.tx(c -> {
            // the last catalog time handed out: every later commit has a greater time
            long start = count(c, "SELECT last_ns FROM clock WHERE id = 1");
            long now = store.nowNs();
            TxRow row = new TxRow(id, message, "open", start, now, now + ttl.toNanos(), ttl.toNanos(), null, null);
            update(c, "INSERT INTO transactions (id, message, state, start_time, created_at, expires_at,"
                    + " ttl_ns, user_name) VALUES (?, ?, 'open', ?, ?, ?, ?, ?)", id, message, start, now,
                    row.expiresAt(), row.ttlNs(), user);
            return row.toModel();
        });
    }

    public Transaction get(String id) throws SQLException {
        return db.tx(c -> TransactionRows.require(c, id).at(store.nowNs()).toModel());
    }

    /** Extends an open transaction's deadline by its time to live. */
    public Transaction heartbeat(String id) throws SQLException {
        return db.tx(c -> {
            TxRow t = TransactionRows.requireOpen(store, c, id);
            long expires = store.nowNs() + t.ttlNs();
            update(c, "UPDATE transactions SET expires_at = ? WHERE id = ? AND state = 'open'", expires,
                    id);
            return new TxRow(t.id(), t.message(), t.state(), t.startTime(), t.createdAt(), expires, t.ttlNs(), null,
                    null).toModel();
        });
    }

    /**
     * Commits every operation of the transaction at one commit time, or none: a conflict or a
     * failed check aborts the transaction, deletes its staged files and is thrown. Committing a
     * committed transaction again returns it unchanged.
     */
    public Transaction commit(String id) throws SQLException {
        boolean[] fresh = new boolean[1];
        Transaction committed = commitLocked(id, fresh);
        if (fresh[0]) {
            // outside the lock, as after a plain write: event triggers, then compaction on write
            for (List<String> t : writtenTables(id)) {
                listeners.notifyCommit(t.get(0), t.get(1));
                compactions.compactor().afterWrite(tables, compactions, t.get(0), t.get(1), "tx-" + id);
            }
        }
        return committed;
    }

    private Transaction commitLocked(String id, boolean[] fresh) throws SQLException {
        db.lock().lock();
        try {
            TxRow current = db.tx(c -> TransactionRows.require(c, id));
            if (current.state().equals("committed")) {
                return current.toModel();
            }
            if (!current.state().equals("open")) {
                throw TransactionRows.notOpen(current);
            }
            if (store.nowNs() > current.expiresAt()) {
                end(id, "expired", "its heartbeats stopped before commit");
                throw new ConflictException("transaction '" + id + "' expired before its commit");
            }
            Transaction committed;
            try {
                committed = db.tx(c -> committer.apply(c, TransactionRows.requireOpen(store, c, id)));
            } catch (DeltacatException e) {
                end(id, "aborted", e.getMessage());
                throw e;
            }
            fresh[0] = true;
            return committed;
        } finally {
            db.lock().unlock();
        }
    }

    /** The tables (namespace, name) a transaction wrote, in the order first written. */
    private Set<List<String>> writtenTables(String id) throws SQLException {
        Set<List<String>> tables = new LinkedHashSet<>();
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT namespace, table_name FROM transaction_ops"
                    + " WHERE transaction_id = ? AND op = ? ORDER BY seq")) {
                ps.setString(1, id);
                ps.setString(2, TransactionView.WRITE);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tables.add(List.of(rs.getString(1), rs.getString(2)));
                    }
                }
            }
            return null;
        });
        return tables;
    }

    /** Aborts an open transaction and deletes what it staged; an aborted or expired one stays so. */
    public Transaction abort(String id) throws SQLException {
        db.lock().lock();
        try {
            TxRow t = db.tx(c -> TransactionRows.require(c, id));
            if (t.state().equals("committed")) {
                throw new ConflictException("transaction '" + id + "' is already committed");
            }
            if (t.state().equals("open")) {
                end(id, "aborted", "aborted by the client");
            }
            return get(id);
        } finally {
            db.lock().unlock();
        }
    }

    /** Expires open transactions past their deadline; the caller holds the database lock. */
    int expire() throws SQLException {
        long now = store.nowNs();
        List<String> ids = db.tx(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM transactions WHERE state = 'open' AND expires_at < ?")) {
                ps.setLong(1, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
        int expired = 0;
        for (String id : ids) {
            if (end(id, "expired", "its heartbeats stopped")) {
                LOG.info("expired abandoned transaction {}", id);
                expired++;
            }
        }
        return expired;
    }

    /** Ends an open transaction without applying it: its writes end too and their staged files go. */
    private boolean end(String id, String state, String reason) throws SQLException {
        List<String> staging = new ArrayList<>();
        boolean ended = db.tx(c -> {
            if (update(c, "UPDATE transactions SET state = ?, error = ? WHERE id = ? AND state = 'open'",
                    state, reason, id) != 1) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT staging_uri FROM writes WHERE transaction_id = ?"
                    + " AND state IN ('open', 'prepared')")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        staging.add(rs.getString(1));
                    }
                }
            }
            update(c, "UPDATE writes SET state = ? WHERE transaction_id = ? AND state IN ('open',"
                    + " 'prepared')", state.equals("expired") ? "expired" : "aborted", id);
            return true;
        });
        if (ended) {
            staging.forEach(store::deleteStaging);
        }
        return ended;
    }
}
