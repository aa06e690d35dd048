package io.deltacat.server.internal.catalog;

import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.server.internal.catalog.Model.Transaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A transaction's row and the checks of its state every transaction step starts with. */
final class TransactionRows {
    private TransactionRows() {
    }

    /** A transaction's row. */
    record TxRow(String id, String message, String state, long startTime, long createdAt, long expiresAt, long ttlNs,
                 Long commitTime, String error) {
        Transaction toModel() {
            return new Transaction(id, message, state, startTime, createdAt, expiresAt, ttlNs / 1_000_000L, commitTime,
                    error);
        }

        /**
         * The row as it stands at {@code now}: an open transaction past its deadline is expired from
         * that instant (heartbeat and commit already refuse it), before maintenance records it so.
         */
        TxRow at(long now) {
            if (state.equals("open") && now > expiresAt) {
                return new TxRow(id, message, "expired", startTime, createdAt, expiresAt, ttlNs, commitTime,
                        "its heartbeats stopped");
            }
            return this;
        }
    }

    static TxRow require(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, message, state, start_time, created_at, expires_at,"
                + " ttl_ns, commit_time, error FROM transactions WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("transaction '" + id + "' does not exist");
                }
                long ct = rs.getLong(8);
                Long commitTime = rs.wasNull() ? null : ct;
                return new TxRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), commitTime, rs.getString(9));
            }
        }
    }

    /** The transaction, which must be open and within its deadline. */
    static TxRow requireOpen(CatalogStore store, Connection c, String id) throws SQLException {
        TxRow t = require(c, id);
        if (!t.state().equals("open")) {
            throw notOpen(t);
        }
        if (store.nowNs() > t.expiresAt()) {
            throw new ConflictException("transaction '" + id + "' expired: no heartbeat within its "
                    + t.ttlNs() / 1_000_000L + " ms time to live");
        }
        return t;
    }

    static ConflictException notOpen(TxRow t) {
        return new ConflictException("transaction '" + t.id() + "' is " + t.state()
                + (t.error() == null ? "" : " (" + t.error() + ")"));
    }
}
