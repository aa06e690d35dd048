package io.deltacat.server.internal.catalog;

import static io.deltacat.server.internal.store.Sql.update;

import io.deltacat.api.error.ConflictException;
import io.deltacat.server.internal.catalog.CommitVerifier.Verified;
import io.deltacat.server.internal.catalog.Model.Commit;
import io.deltacat.server.internal.catalog.Model.CommitResult;
import io.deltacat.server.internal.catalog.Rows.WriteRow;
import io.deltacat.server.internal.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Commits of staged writes: a plain commit (idempotent by the client's commit id), a write inside a
 * transaction (only prepared here), and a pipeline run's sink write committed in the transaction
 * that ends its job. Each verifies the manifest first ({@link CommitVerifier}), then records the
 * delta ({@link Deltas}).
 */
public final class Commits {
    private final CatalogStore store;
    private final Database db;
    private final CommitVerifier verifier;
    private final LayoutManifests layouts;
    private final Deltas deltas;
    private final TransactionOps transactions;
    private final CommitListeners listeners;
    private final Tables tables;
    private final Compactions compactions;

    Commits(CatalogStore store, CommitVerifier verifier, Deltas deltas, TransactionOps transactions,
            CommitListeners listeners, Tables tables, Compactions compactions) {
        this.store = store;
        this.db = store.db();
        this.verifier = verifier;
        this.layouts = new LayoutManifests(store);
        this.deltas = deltas;
        this.transactions = transactions;
        this.listeners = listeners;
        this.tables = tables;
        this.compactions = compactions;
    }

    /**
     * Commits a staged write. When the table's {@code read_optimization_level} is {@code max}, the
     * table is then compacted before the answer (a second commit, of type {@code compacted}, that
     * supersedes exactly the positions it read, so a concurrent commit stays visible); should that
     * compaction fail, the write stays committed and reads merge on read.
     */
    public CommitResult commit(String writeId, Commit req) throws SQLException {
        boolean[] fresh = new boolean[1];
        // the files are read before the lock (they may be large, and other commits need not wait for
        // them); the state checks are repeated under it
        WriteRow before = db.tx(c -> store.requireWrite(c, writeId));
        Verified checked = before.state().equals("open") && store.nowNs() <= before.expiresAt()
                && preparedFor(writeId) == null ? verifier.verify(before, req) : null;
        CommitResult result = commitLocked(writeId, req, checked, fresh);
        if (fresh[0]) {
            compactions.compactor().afterWrite(tables, compactions, result.namespace(), result.table(), result.writeId());
        }
        return result;
    }

    private CommitResult commitLocked(String writeId, Commit req, Verified checked, boolean[] fresh)
            throws SQLException {
        db.lock().lock();
        try {
            WriteRow w = db.tx(c -> store.requireWrite(c, writeId));
            switch (w.state()) {
                case "committed":
                    if (w.commitId().equals(req.commitId())) {
                        return Rows.parseResult(w.commitResult());
                    }
                    throw new ConflictException("write '" + writeId + "' was already committed with another commitId");
                case "open":
                    break;
                default:
                    throw new ConflictException("write '" + writeId + "' is " + w.state() + " and cannot be committed");
            }
            if (store.nowNs() > w.expiresAt()) {
                int expired = db.tx(c -> update(c, "UPDATE writes SET state = 'expired' WHERE id = ? AND state = 'open'",
                        writeId));
                if (expired == 1) {
                    store.deleteStaging(w.stagingUri());
                }
                throw new ConflictException("write '" + writeId + "' expired before its commit");
            }
            if (preparedFor(writeId) != null) {
                throw new ConflictException("write '" + writeId + "' is prepared for job '" + preparedFor(writeId)
                        + "' and commits with that job's completion");
            }
            Verified v = checked != null ? checked : verifier.verify(w, req);
            String manifest = layouts.verify(w, v.commit());
            if (w.transactionId() != null) {
                // inside a transaction the commit only prepares the write; the transaction applies it
                return db.tx(c -> {
                    layouts.checkCommit(c, store, w, v.commit());
                    return transactions.prepare(c, w, v.schema(), v.commit(), v.uris(), v.rows());
                });
            }
            CommitResult result = db.tx(c -> {
                layouts.checkCommit(c, store, w, v.commit());
                CommitResult applied = applyCommit(c, w, v);
                LayoutManifests.record(c, applied.commitTime(), manifest);
                return applied;
            });
            fresh[0] = true;
            listeners.notifyCommit(result.namespace(), result.table());
            return result;
        } finally {
            db.lock().unlock();
        }
    }

    private String preparedFor(String writeId) throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT prepared_job FROM writes WHERE id = ?")) {
                ps.setString(1, writeId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    /** Checks a manifest of an open write (its files exist with their sizes, stats name known columns). */
    public void verifyManifest(String writeId, Commit req) throws SQLException {
        WriteRow w = db.tx(c -> store.requireWrite(c, writeId));
        if (!w.state().equals("open")) {
            throw new ConflictException("write '" + writeId + "' is " + w.state() + " and cannot be prepared");
        }
        if (w.transactionId() != null) {
            throw new ConflictException("write '" + writeId + "' belongs to transaction '" + w.transactionId()
                    + "' and commits with it");
        }
        verifier.verify(w, req);
    }

    /**
     * Commits an open write in the caller's transaction (a pipeline run's completion commits its sink
     * writes and ends the job in one transaction). The caller notifies listeners itself.
     */
    public CommitResult commitInTransaction(Connection c, String writeId, Commit req) throws SQLException {
        WriteRow w = store.requireWrite(c, writeId);
        if (!w.state().equals("open")) {
            throw new ConflictException("write '" + writeId + "' is " + w.state() + " and cannot be committed");
        }
        if (store.nowNs() > w.expiresAt()) {
            throw new ConflictException("write '" + writeId + "' expired before its commit");
        }
        Verified v = verifier.verify(w, req);
        layouts.checkCommit(c, store, w, v.commit());
        return applyCommit(c, w, v);
    }

    private CommitResult applyCommit(Connection c, WriteRow w, Verified v) throws SQLException {
        long commitTime = store.nextTime(c);
        long commitRef = store.insertCommit(c, commitTime, w.id(), v.commit().commitId());
        return deltas.applyWrite(c, w, v.schema(), v.commit(), v.uris(), v.rows(), commitTime, commitRef, "open");
    }
}
