package io.deltacat.server.internal.jobs;

import io.deltacat.server.internal.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a job's {@code seq} (its place in the queue and in listings) comes from, without a counter
 * row that every submit of every replica would have to lock:
 * <ul>
 * <li>PostgreSQL: the sequence {@code deltacat_job_seq}, created on first start (under an advisory
 *     lock, so two replicas starting at once create it once) after the highest seq in use, and
 *     drawn inline by the INSERT ({@code nextval}). Values are unique across replicas; a job
 *     committed a moment later may carry a lower seq than one already listed, so a listing is
 *     ordered but not a snapshot;</li>
 * <li>SQLite: one server owns a database file (the root lock), and its transactions are serialized,
 *     so a counter in memory, started after the highest seq in use, is enough.</li>
 * </ul>
 * The {@code id_counters} row {@code jobs} of earlier versions is no longer used (all replicas of a
 * catalog run one version).
 */
final class JobSeq {
    private static final String SEQUENCE = "deltacat_job_seq";
    /** An advisory lock id of its own (the migrations use 724311). */
    private static final long CREATE_LOCK = 724312;

    private final AtomicLong last;

    private JobSeq(AtomicLong last) {
        this.last = last;
    }

    static JobSeq open(Database db) {
        try {
            if (db.dialect() == Database.Dialect.POSTGRESQL) {
                db.tx(c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("SELECT pg_advisory_xact_lock(" + CREATE_LOCK + ")");
                        try (ResultSet rs = s.executeQuery("SELECT to_regclass('" + SEQUENCE + "') IS NULL")) {
                            rs.next();
                            if (rs.getBoolean(1)) {
                                s.execute("CREATE SEQUENCE " + SEQUENCE + " START WITH " + (highest(s) + 1));
                            }
                        }
                    }
                    return null;
                });
                return new JobSeq(null);
            }
            long highest = db.tx(c -> {
                try (Statement s = c.createStatement()) {
                    return highest(s);
                }
            });
            return new JobSeq(new AtomicLong(highest));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare job numbering: " + e.getMessage(), e);
        }
    }

    /** The highest seq in use: of any job, and of the counter row earlier versions drew from. */
    private static long highest(Statement s) throws SQLException {
        long max = 0;
        try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM jobs")) {
            rs.next();
            max = rs.getLong(1);
        }
        try (ResultSet rs = s.executeQuery("SELECT last_id FROM id_counters WHERE name = 'jobs'")) {
            if (rs.next()) {
                max = Math.max(max, rs.getLong(1));
            }
        }
        return max;
    }

    /** Whether the INSERT draws the seq itself ({@link #sqlValue()}) rather than binding {@link #next()}. */
    boolean inline() {
        return last == null;
    }

    /** The SQL of a seq value in a VALUES row: {@code nextval(...)} on PostgreSQL, else a parameter. */
    String sqlValue() {
        return inline() ? "nextval('" + SEQUENCE + "')" : "?";
    }

    /** The next seq, on SQLite (called inside the inserting transaction, which holds the database lock). */
    long next() {
        if (last == null) {
            throw new IllegalStateException("PostgreSQL draws job seqs in the INSERT");
        }
        return last.incrementAndGet();
    }
}
