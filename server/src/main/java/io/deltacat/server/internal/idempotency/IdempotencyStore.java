package io.deltacat.server.internal.idempotency;

import static io.deltacat.server.internal.store.Sql.update;

import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.IdempotencyKeyReusedException;
import io.deltacat.server.internal.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The answers of requests sent with an {@code Idempotency-Key}, so that a resend replays the first
 * answer instead of running the operation again. The HTTP layer reserves a key before running a
 * request and stores its answer after; maintenance forgets answers after {@link #TTL}.
 */
public final class IdempotencyStore {
    /** How long an answer is kept for resends. */
    public static final Duration TTL = Duration.ofHours(24);
    private static final long IDEMPOTENCY_TTL_NS = TTL.toNanos();

    private final Database db;
    private final LongSupplier nowNs;

    /** A stored answer: status, content type and body. */
    public record StoredResponse(int status, String contentType, byte[] body) {
    }

    /** @param nowNs the server's clock, in nanoseconds since the epoch */
    public IdempotencyStore(Database db, LongSupplier nowNs) {
        this.db = db;
        this.nowNs = nowNs;
    }

    /** How long an in-flight reservation of an idempotency key holds before another request may take it over. */
    private static final long IN_FLIGHT_STALE_NS = Duration.ofSeconds(30).toNanos();

    /**
     * Reserves an idempotency key for one execution, or returns the answer stored for it. A key
     * reserved by a request still running (in this or another server process sharing the database)
     * is waited for, so a resend never runs the operation twice. The reservation is a row with status
     * 0; {@link #storeResponse} fills it in and {@link #releaseKey} drops it (for a 5xx).
     *
     * @param requestHash a hash of the request's body: the key is bound to the method, the path and
     *                    this hash, and answers only the same request again
     * @throws IdempotencyKeyReusedException when the key was sent with another request
     */
    public Optional<StoredResponse> reserveOrReplay(String key, String method, String path, String requestHash)
            throws SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Optional<StoredResponse> r = db.tx(c -> {
                long now = nowNs.getAsLong();
                try (PreparedStatement ps = c.prepareStatement("SELECT method, path, request_hash, status, content_type,"
                        + " body, created_at FROM idempotency WHERE idem_key = ?")) {
                    ps.setString(1, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            int status = rs.getInt(4);
                            long created = rs.getLong(7);
                            boolean answered = status > 0 && created >= now - IDEMPOTENCY_TTL_NS;
                            boolean inFlight = status == 0 && created >= now - IN_FLIGHT_STALE_NS;
                            if (!answered && !inFlight) {
                                continue; // forgotten: the key is free again
                            }
                            String storedHash = rs.getString(3);
                            if (!rs.getString(1).equals(method) || !rs.getString(2).equals(path)
                                    || (storedHash != null && !storedHash.equals(requestHash))) {
                                throw new IdempotencyKeyReusedException("Idempotency-Key '" + key + "' was first sent"
                                        + " with another request (" + rs.getString(1) + " " + rs.getString(2)
                                        + (rs.getString(1).equals(method) && rs.getString(2).equals(path)
                                        ? " with another body" : "") + "); a key names one request: send a new key"
                                        + " for a new request");
                            }
                            if (answered) {
                                return Optional.of(new StoredResponse(status, rs.getString(5),
                                        rs.getString(6).getBytes(StandardCharsets.UTF_8)));
                            }
                            return null; // in flight elsewhere: wait
                        }
                    }
                }
                // only what we judged above: an expired answer or a stale reservation (never a fresh
                // reservation another replica committed since our SELECT)
                update(c, "DELETE FROM idempotency WHERE idem_key = ? AND method = ? AND path = ? AND ((status > 0"
                        + " AND created_at < ?) OR (status = 0 AND created_at < ?))", key, method, path,
                        now - IDEMPOTENCY_TTL_NS, now - IN_FLIGHT_STALE_NS);
                // a concurrent reservation makes this insert fail with a unique violation; the
                // transaction is then re-run (PostgreSQL) and finds the other reservation
                update(c, "INSERT INTO idempotency (idem_key, method, path, status, content_type, body, created_at,"
                        + " request_hash) VALUES (?, ?, ?, 0, NULL, '', ?, ?)", key, method, path, now, requestHash);
                return Optional.<StoredResponse>empty();
            });
            if (r != null) {
                return r;
            }
            if (System.nanoTime() > deadline) {
                throw new ConflictException("a request with Idempotency-Key '" + key + "' is still being processed");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for idempotency key " + key, e);
            }
        }
    }

    /** Stores the answer for a reserved key. */
    public void storeResponse(String key, String method, String path, String requestHash, StoredResponse r)
            throws SQLException {
        db.tx(c -> {
            update(c, "DELETE FROM idempotency WHERE idem_key = ? AND method = ? AND path = ?", key, method, path);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO idempotency (idem_key, method, path, status,"
                    + " content_type, body, created_at, request_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, key);
                ps.setString(2, method);
                ps.setString(3, path);
                ps.setInt(4, r.status());
                ps.setString(5, r.contentType());
                ps.setString(6, new String(r.body(), StandardCharsets.UTF_8));
                ps.setLong(7, nowNs.getAsLong());
                ps.setString(8, requestHash);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Drops the reservation of a key whose request failed with a 5xx (never stored). */
    public void releaseKey(String key, String method, String path) throws SQLException {
        db.tx(c -> update(c, "DELETE FROM idempotency WHERE idem_key = ? AND method = ? AND path = ? AND status = 0",
                key, method, path));
    }

    /** A digest per request thread: looking one up costs more than hashing a small body. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    /** The hash a request's body is bound to its key by: SHA-256, hex. */
    public static String hash(byte[] body) {
        return HexFormat.of().formatHex(SHA_256.get().digest(body)); // digest() resets it for the next use
    }

    /** Forgets answers older than {@link #TTL}, in the caller's transaction. */
    public static void forgetExpired(Connection c, long now) throws SQLException {
        update(c, "DELETE FROM idempotency WHERE created_at < ?", now - IDEMPOTENCY_TTL_NS);
    }
}
