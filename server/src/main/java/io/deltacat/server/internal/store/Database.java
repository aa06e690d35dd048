package io.deltacat.server.internal.store;

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
            "V004__layout.sql", "V005__pipelines.sql", "V006__transactions.sql", "V007__idempotency_binding.sql");
    private static final int MAX_TX_ATTEMPTS = 20;

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
    private final String description;

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
                s.execute("PRAGMA busy_timeout=10000");
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
     * Runs {@code work} in one transaction. On SQLite it is serialized with every other operation;
     * on PostgreSQL it runs concurrently and is re-run when the database reports a serialization
     * failure, a deadlock or a unique-key race, so {@code work} must only touch the database.
     */
    public <T> T tx(Work<T> work) throws SQLException {
        if (dialect == Dialect.SQLITE) {
            lock.lock();
            try {
                return runTx(connection, work);
            } finally {
                lock.unlock();
            }
        }
        for (int attempt = 1; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                return runTx(c, work);
            } catch (SQLException e) {
                if (attempt >= MAX_TX_ATTEMPTS || !retryable(e)) {
                    throw e;
                }
                LOG.debug("retrying a metadata transaction after {} ({})", e.getSQLState(), e.getMessage());
                try {
                    Thread.sleep(Math.min(50, attempt * 2L) + java.util.concurrent.ThreadLocalRandom.current().nextInt(5));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static boolean retryable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                String state = ((SQLException) t).getSQLState();
                // serialization failure, deadlock, unique violation (a concurrent insert won the race)
                if ("40001".equals(state) || "40P01".equals(state) || "23505".equals(state)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static <T> T runTx(Connection connection, Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
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
            connection.setAutoCommit(true);
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
            int current = 0;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                if (rs.next()) {
                    current = rs.getInt(1);
                }
            }
            for (String name : MIGRATIONS) {
                int version = Integer.parseInt(name.substring(1, name.indexOf("__")));
                if (version <= current) {
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
