package io.deltacat.server.internal.store;

import io.deltacat.api.error.ServiceUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata database, one code path over two dialects:
 * <ul>
 * <li>SQLite (the embedded default): one connection (WAL, busy timeout, foreign keys on); every
 *     transaction is serialized by a process-wide lock, which also makes every read a consistent
 *     snapshot;</li>
 * <li>PostgreSQL (several server processes on one catalog): a small HikariCP pool; concurrency comes
 *     from the database (READ COMMITTED transactions, row locks, {@code FOR UPDATE SKIP LOCKED}
 *     claims), so {@link #tx} is not serialized in the process. A transaction that fails with a
 *     serialization failure, a deadlock or a unique-key race is retried from the start.</li>
 * </ul>
 * Versioned migrations are portable SQL; the few dialect differences are in {@link Dialect}.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** Migration scripts, applied in order; the number before "__" is the version. */
    private static final List<String> MIGRATIONS = List.of("V001__init.sql", "V002__jobs.sql", "V003__merge.sql",
            "V004__layout.sql", "V005__pipelines.sql", "V006__transactions.sql", "V007__idempotency_binding.sql",
            "V008__node_names.sql", "V009__json_watermarks.sql", "V010__job_queue_fast_path.sql", "V011__users.sql",
            "V013__layout_manifests.sql", "V014__run_tokens.sql", "V015__placement.sql");
    private static final int MAX_TX_ATTEMPTS = 20;
    private static final int MAX_SQLITE_TX_ATTEMPTS = 12;
    /** How long a SQLite statement waits for another connection's write lock before failing busy. */
    private static final int SQLITE_BUSY_TIMEOUT_MS = 10_000;
    /** After this long, a transaction that keeps failing busy is not retried again (503). */
    private static final long DEFAULT_RETRY_BUDGET_MS = 15_000;

    /** What differs between the two databases. */
    public enum Dialect {
        SQLITE("MAX", ""),
        POSTGRESQL("GREATEST", " FOR UPDATE SKIP LOCKED");

        private final String greatest;
        private final String skipLocked;

        Dialect(String greatest, String skipLocked) {
            this.greatest = greatest;
            this.skipLocked = skipLocked;
        }

        /** The two-argument maximum function: {@code MAX(a, b)} or {@code GREATEST(a, b)}. */
        public String greatest() {
            return greatest;
        }

        /** Appended to a row-claiming SELECT: empty on SQLite (writers are serialized anyway). */
        public String skipLocked() {
            return skipLocked;
        }
    }

    /** A unit of work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Dialect dialect;
    private final Connection connection;      // SQLite
    private final DataSource pool;            // PostgreSQL
    private final ReentrantLock lock = new ReentrantLock(true);
    /** The connection of this thread's open transaction, which a nested {@link #tx} joins. */
    private final ThreadLocal<Connection> current = new ThreadLocal<>();
    private final String description;
    private volatile long retryBudgetNanos = DEFAULT_RETRY_BUDGET_MS * 1_000_000L;

    private Database(Dialect dialect, Connection connection, DataSource pool, String description) {
        this.dialect = dialect;
        this.connection = connection;
        this.pool = pool;
        this.description = description;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Whether other processes may change the database too (then waiting must re-read it). */
    public boolean shared() {
        return dialect == Dialect.POSTGRESQL;
    }

    /** Where the metadata lives, for logs (no password). */
    public String description() {
        return description;
    }

    /**
     * Opens the database at a JDBC URL: {@code jdbc:postgresql://host:port/db?user=...} or
     * {@code jdbc:sqlite:/path/metadata.db}, and migrates it.
     */
    public static Database open(String jdbcUrl, int poolSize) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return openSqlite(Path.of(jdbcUrl.substring("jdbc:sqlite:".length())));
        }
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("unsupported metadata URL '" + redact(jdbcUrl)
                    + "': use jdbc:postgresql://... or jdbc:sqlite:...");
        }
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(jdbcUrl);
        hc.setDriverClassName("org.postgresql.Driver");
        hc.setMaximumPoolSize(poolSize);
        hc.setMinimumIdle(1);
        hc.setPoolName("deltacat-metadata");
        hc.setAutoCommit(true);
        hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        hc.setConnectionTimeout(30_000);
        hc.setInitializationFailTimeout(30_000);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to the metadata database " + redact(jdbcUrl) + ": "
                    + e.getMessage(), e);
        }
        Database db = new Database(Dialect.POSTGRESQL, null, ds, redact(jdbcUrl));
        try {
            db.migrate();
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw new IllegalStateException("cannot migrate the metadata database " + redact(jdbcUrl) + ": "
                    + e.getMessage(), e);
        }
        return db;
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    /** Opens (creating when missing) the SQLite database at {@code file} and migrates it. */
    public static Database openSqlite(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the metadata directory for " + file, e);
        }
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA busy_timeout=" + SQLITE_BUSY_TIMEOUT_MS);
                s.execute("PRAGMA foreign_keys=ON");
                s.execute("PRAGMA synchronous=NORMAL");
            }
            Database db = new Database(Dialect.SQLITE, c, null, file.toAbsolutePath().toString());
            db.migrate();
            return db;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the metadata database " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} in one transaction. On SQLite it is serialized with every other operation of
     * this process; on PostgreSQL it runs concurrently. A transaction the database refuses for a
     * transient reason is re-run from the start after a short, growing pause, so {@code work} must
     * only touch the database: on PostgreSQL a serialization failure, a deadlock or a unique-key race;
     * on SQLite {@code SQLITE_BUSY}/{@code SQLITE_LOCKED}, which another connection to the same file
     * causes (a tool, or a server started before the root lock existed) even with the busy timeout,
     * e.g. when a read snapshot is stale by the time the transaction writes ({@code SQLITE_BUSY_SNAPSHOT}).
     * Called inside a transaction of the same thread, it joins that one (see {@link #nested}): the
     * HTTP layer runs a keyed request in one transaction with its stored answer that way.
     *
     * @throws ServiceUnavailableException when the database stays busy through every attempt (the
     *                                     caller answers 503 with {@code Retry-After}, never 500)
     */
    public <T> T tx(Work<T> work) throws SQLException {
        Connection outer = current.get();
        if (outer != null) {
            return nested(outer, work);
        }
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(work);
            } catch (java.sql.SQLTransientConnectionException e) {
                // the pool waited its connection timeout: the database is overloaded or down, not broken
                throw new ServiceUnavailableException("no metadata database connection is available ("
                        + e.getMessage() + "); retry shortly", e);
            } catch (SQLException e) {
                if (!retryable(e)) {
                    throw e;
                }
                // bounded twice: by attempts, and by time, since each SQLite attempt may already have
                // waited the busy timeout before it failed
                if (attempt >= maxAttempts() || System.nanoTime() - start > retryBudgetNanos) {
                    if (dialect == Dialect.POSTGRESQL && "23505".equals(e.getSQLState())) {
                        throw e; // a unique key that stays taken is no race: the caller's error to report
                    }
                    throw new ServiceUnavailableException("the metadata database is busy (" + e.getMessage()
                            + "); retry shortly", e);
                }
                LOG.debug("retrying a metadata transaction after {} ({})", e.getSQLState(), e.getMessage());
                try {
                    Thread.sleep(backoffMs(attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private <T> T attempt(Work<T> work) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            try (Connection c = pool.getConnection()) {
                return runTx(c, work);
            }
        }
        // the lock is released between attempts so other threads of this process are not held up
        lock.lock();
        try {
            return runTx(connection, work);
        } finally {
            lock.unlock();
        }
    }

    private int maxAttempts() {
        return dialect == Dialect.SQLITE ? MAX_SQLITE_TX_ATTEMPTS : MAX_TX_ATTEMPTS;
    }

    /**
     * The pause before the next attempt. PostgreSQL conflicts clear in milliseconds; on SQLite the
     * other writer may hold the file for a whole transaction, so the pause doubles up to 200 ms
     * (about 2 s over all attempts, beside the busy timeout each statement already waits).
     */
    private long backoffMs(int attempt) {
        int jitter = java.util.concurrent.ThreadLocalRandom.current().nextInt(5);
        if (dialect == Dialect.POSTGRESQL) {
            return Math.min(50, attempt * 2L) + jitter;
        }
        return Math.min(200L, 5L << Math.min(attempt, 10)) + jitter;
    }

    private boolean retryable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                SQLException s = (SQLException) t;
                if (dialect == Dialect.SQLITE) {
                    // primary result codes SQLITE_BUSY (5) and SQLITE_LOCKED (6); extended codes such
                    // as SQLITE_BUSY_SNAPSHOT (517) carry the primary one in their low byte
                    int code = s.getErrorCode() & 0xff;
                    if (code == 5 || code == 6) {
                        return true;
                    }
                } else {
                    String state = s.getSQLState();
                    // serialization failure, deadlock, unique violation (a concurrent insert won the race)
                    if ("40001".equals(state) || "40P01".equals(state) || "23505".equals(state)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * A transaction inside one of this thread's: it joins the outer transaction (both commit or
     * neither does) from a savepoint, so that its failure undoes only its own statements and leaves the
     * outer one usable (on PostgreSQL a failed statement otherwise aborts the whole transaction). Its
     * exception, a transient one included, goes to the caller; the outermost transaction owns the retry.
     */
    private static <T> T nested(Connection c, Work<T> work) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        try {
            T result = work.run(c);
            c.releaseSavepoint(savepoint);
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            try {
                c.rollback(savepoint);
            } catch (SQLException re) {
                e.addSuppressed(re);
            }
            throw e;
        }
    }

    /** Whether this thread is inside a transaction of this database (a new one would join it). */
    public boolean inTransaction() {
        return current.get() != null;
    }

    private <T> T runTx(Connection connection, Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        current.set(connection);
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            try {
                connection.rollback();
            } catch (SQLException re) {
                e.addSuppressed(re);
            }
            throw e;
        } finally {
            current.remove();
            connection.setAutoCommit(true);
        }
    }

    /**
     * Shortens the waits for a busy database, for tests: the SQLite busy timeout of each statement
     * and the time after which a busy transaction is no longer retried.
     */
    void busyLimits(int sqliteBusyTimeoutMs, long retryBudgetMs) throws SQLException {
        retryBudgetNanos = retryBudgetMs * 1_000_000L;
        if (dialect == Dialect.SQLITE) {
            lock.lock();
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA busy_timeout=" + sqliteBusyTimeoutMs);
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * A process-local lock for longer critical sections around storage checks. On SQLite it is the
     * lock {@link #tx} holds; on PostgreSQL it only orders this process's own sections (the
     * database's row locks order the replicas).
     */
    public ReentrantLock lock() {
        return lock;
    }

    private void migrate() throws SQLException {
        tx(c -> {
            if (dialect == Dialect.POSTGRESQL) {
                try (Statement s = c.createStatement()) {
                    // two replicas starting at once: one migrates, the other waits and sees the result
                    s.execute("SELECT pg_advisory_xact_lock(724311)");
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                        + " name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
            }
            // every migration not yet applied, not only those above the highest applied: migrations
            // written side by side (on branches) may land in either order
            java.util.Set<Integer> applied = new java.util.HashSet<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT version FROM schema_version")) {
                while (rs.next()) {
                    applied.add(rs.getInt(1));
                }
            }
            for (String name : MIGRATIONS) {
                int version = Integer.parseInt(name.substring(1, name.indexOf("__")));
                if (applied.contains(version)) {
                    continue;
                }
                LOG.info("applying metadata migration {}", name);
                try (Statement s = c.createStatement()) {
                    for (String sql : statements(load(name))) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)")) {
                    ps.setInt(1, version);
                    ps.setString(2, name);
                    ps.setLong(3, System.currentTimeMillis());
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    private static String load(String name) {
        try (InputStream in = Database.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("migration resource missing: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits a script into statements: drops "--" comment lines, splits on ';' at line ends. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    @Override
    public void close() {
        if (pool != null) {
            ((HikariDataSource) pool).close();
            return;
        }
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the metadata database failed", e);
        } finally {
            lock.unlock();
        }
    }
}
