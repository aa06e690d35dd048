package io.deltacat.server.internal.auth;

import static io.deltacat.server.internal.store.Sql.bind;

import io.deltacat.api.model.TableRef;
import io.deltacat.server.internal.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens of remotely dispatched node runs (e.g. a Ray job): {@value #PREFIX}{@code <run id>.<HMAC>},
 * the HMAC-SHA256 of the run id under a key kept in the catalog database ({@code server_secrets}), so
 * every replica and a restarted server accept the token a remote execution was started with, and no
 * token is stored. A token authenticates as that run only ({@link Principal#forRun}) and only while the
 * run is not final; {@link AccessRules} lets it reach its own inputs and its own source and sink tables,
 * nothing else.
 */
public final class RunTokens {
    /** How every run token starts (recognizable by secret scanners, distinct from user tokens). */
    public static final String PREFIX = "dcr_";
    private static final String KEY_NAME = "run-token-key";
    private static final String LIVE_STATES = "('pending', 'claimed', 'running')";

    private final Database db;
    private volatile byte[] key;

    /** A run's source and sink tables (its node's, as configured when the run was checked). */
    public record RunTables(Set<TableRef> sources, Set<TableRef> sinks) {
        public RunTables {
            sources = Set.copyOf(sources);
            sinks = Set.copyOf(sinks);
        }
    }

    public RunTokens(Database db) {
        this.db = db;
    }

    /** The token of a run (the same every time it is asked for). */
    public String token(String runId) throws SQLException {
        return PREFIX + runId + "." + mac(runId);
    }

    /** The run a token authenticates as; empty when it is not a valid token of a live run. */
    public Optional<Principal> authenticate(String token) throws SQLException {
        if (!token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int dot = token.lastIndexOf('.');
        if (dot <= PREFIX.length()) {
            return Optional.empty();
        }
        String runId = token.substring(PREFIX.length(), dot);
        byte[] sent = token.substring(dot + 1).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(sent, mac(runId).getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        boolean live = db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM jobs j JOIN pipeline_runs r ON r.job_id = j.id"
                    + " WHERE j.id = ? AND j.state IN " + LIVE_STATES)) {
                bind(ps, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
        return live ? Optional.of(Principal.forRun(runId)) : Optional.empty();
    }

    /** The run's node's source and sink tables. */
    public RunTables tables(String runId) throws SQLException {
        return db.tx(c -> {
            Set<TableRef> sources = new LinkedHashSet<>();
            Set<TableRef> sinks = new LinkedHashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT t.role, t.namespace, t.table_name"
                    + " FROM pipeline_runs r JOIN pipeline_node_tables t ON t.node_id = r.node_id WHERE r.job_id = ?")) {
                bind(ps, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        TableRef t = TableRef.of(rs.getString(2), rs.getString(3));
                        ("sink".equals(rs.getString(1)) ? sinks : sources).add(t);
                    }
                }
            }
            return new RunTables(sources, sinks);
        });
    }

    /** The table a write session writes to; empty for an unknown write. */
    public Optional<TableRef> tableOfWrite(String writeId) throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT namespace, table_name FROM writes WHERE id = ?")) {
                bind(ps, writeId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(TableRef.of(rs.getString(1), rs.getString(2))) : Optional.empty();
                }
            }
        });
    }

    private String mac(String runId) throws SQLException {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key(), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(m.doFinal(runId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private byte[] key() throws SQLException {
        byte[] k = key;
        if (k == null) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            String candidate = Base64.getEncoder().encodeToString(fresh);
            // the first server to get here stores its key; every other one (and every later start) reads it
            String stored = db.tx(c -> {
                insertIfAbsent(c, candidate);
                try (PreparedStatement ps = c.prepareStatement("SELECT secret FROM server_secrets WHERE name = ?")) {
                    bind(ps, KEY_NAME);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getString(1);
                    }
                }
            });
            k = Base64.getDecoder().decode(stored);
            key = k;
        }
        return k;
    }

    private static void insertIfAbsent(Connection c, String secret) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO server_secrets (name, secret) VALUES (?, ?)"
                + " ON CONFLICT (name) DO NOTHING")) {
            bind(ps, KEY_NAME, secret);
            ps.executeUpdate();
        }
    }
}
