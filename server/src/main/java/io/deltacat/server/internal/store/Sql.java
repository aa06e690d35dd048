package io.deltacat.server.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** Small JDBC helpers the services share: positional binding, updates, nullable columns. */
public final class Sql {
    private Sql() {
    }

    /** Runs an INSERT/UPDATE/DELETE with positional arguments; returns the rows changed. */
    public static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    /** Binds {@code args} in order: null, Integer, Long, anything else as its string. */
    public static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (a instanceof Integer) {
                ps.setInt(i + 1, (Integer) a);
            } else if (a instanceof Long) {
                ps.setLong(i + 1, (Long) a);
            } else {
                ps.setString(i + 1, a.toString());
            }
        }
    }

    /** Runs a query whose first column of the first row is a number; 0 when there is no row. */
    public static long count(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The next id of {@code table}, from its counter row (locked until the transaction ends). */
    public static long nextId(Connection c, String table) throws SQLException {
        return nextIds(c, table, 1);
    }

    /** Reserves {@code n} consecutive ids of {@code table} from its counter row; returns the first. */
    public static long nextIds(Connection c, String table, int n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE id_counters SET last_id = last_id + ? WHERE name = ? RETURNING last_id")) {
            ps.setLong(1, n);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no id counter for " + table);
                }
                return rs.getLong(1) - n + 1;
            }
        }
    }

    /** Column {@code i} as a Long, or null when SQL NULL. */
    public static Long nullableLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

}
