package io.deltacat.server.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.error.ServiceUnavailableException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second connection to the same SQLite file (another server, a tool) makes transactions fail with
 * {@code SQLITE_BUSY}: they are re-run, and answered as "unavailable" (503) when the database stays
 * busy, never as a server error.
 */
class DatabaseBusyTest {
    @TempDir
    Path dir;

    private static long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM probe")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aTransactionWhoseSnapshotWentStaleIsReRun() throws Exception {
        Path file = dir.resolve("metadata.db");
        try (Database db = Database.openSqlite(file);
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            db.tx(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE probe (v INTEGER)");
                }
                return null;
            });
            AtomicInteger attempts = new AtomicInteger();
            long seen = db.tx(c -> {
                long before = count(c); // starts a read snapshot
                if (attempts.incrementAndGet() == 1) {
                    try (Statement s = other.createStatement()) {
                        s.execute("INSERT INTO probe VALUES (1)"); // another connection commits meanwhile
                    }
                }
                try (Statement s = c.createStatement()) {
                    // writing from a stale snapshot: SQLITE_BUSY_SNAPSHOT at once, the busy timeout does not help
                    s.execute("INSERT INTO probe VALUES (2)");
                }
                return before;
            });
            assertThat(attempts.get()).as("re-run once after the busy failure").isEqualTo(2);
            assertThat(seen).as("the re-run saw the other connection's row").isEqualTo(1);
            assertThat(count(other)).isEqualTo(2);
        }
    }

    @Test
    void aDatabaseThatStaysLockedIsUnavailableNotAnError() throws Exception {
        Path file = dir.resolve("metadata.db");
        try (Database db = Database.openSqlite(file);
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            db.busyLimits(50, 400);
            db.tx(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE probe (v INTEGER)");
                }
                return null;
            });
            try (Statement s = other.createStatement()) {
                s.execute("BEGIN IMMEDIATE"); // holds the write lock until rollback
                assertThatThrownBy(() -> db.tx(c -> {
                    try (Statement w = c.createStatement()) {
                        w.execute("INSERT INTO probe VALUES (1)");
                    }
                    return null;
                })).isInstanceOf(ServiceUnavailableException.class).hasMessageContaining("busy");
                s.execute("ROLLBACK");
            }
            // and once the other writer is gone, the same transaction goes through
            db.tx(c -> {
                try (Statement w = c.createStatement()) {
                    w.execute("INSERT INTO probe VALUES (1)");
                }
                return null;
            });
            assertThat(count(other)).isEqualTo(1);
        }
    }
}
