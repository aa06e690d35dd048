package io.deltacat.server.internal.idempotency;

import static io.deltacat.server.internal.store.Sql.update;

import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.IdempotencyKeyReusedException;
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
 * answer instead of running the operation again.
 *
 * <p>A keyed request whose effects are all in the metadata database runs in one transaction with its
 * answer: {@link #claim} first writes the key's row (a concurrent request with the same key then
 * waits on the row's unique key, on any server sharing the database, only until the first one's
 * transaction ends, and finds its answer), the operation runs, and {@link #answer} fills the row in.
 * A crash anywhere before the commit leaves neither the effects nor the key; after it, both.
 *
 * <p>Answers are kept for {@link #TTL} (maintenance forgets older ones) and up to
 * {@link #MAX_ANSWER_BYTES} each: a larger answer is recorded without its body, and a resend is told
 * so ({@code 409}) instead of running the operation again. Reads (a plan) are never recorded.
 */
public final class IdempotencyStore {
    /** How long an answer is kept for resends. */
    public static final Duration TTL = Duration.ofHours(24);
    /** The largest answer body kept for a resend. */
    public static final int MAX_ANSWER_BYTES = 256 * 1024;
    private static final long IDEMPOTENCY_TTL_NS = TTL.toNanos();
    /** A key's row written by {@link #claim} whose answer its own transaction has not yet filled in. */
    private static final int CLAIMED = 0;
    /** The content type recorded for an answer too large to keep (its body is not stored). */
    private static final String NOT_KEPT = "application/x-deltacat-answer-not-kept";

    private final LongSupplier nowNs;

    /** A stored answer: status, content type and body. */
    public record StoredResponse(int status, String contentType, byte[] body) {
    }

    /** @param nowNs the server's clock, in nanoseconds since the epoch */
    public IdempotencyStore(LongSupplier nowNs) {
        this.nowNs = nowNs;
    }

    /**
     * In the caller's transaction: the answer stored for {@code key}, or empty after taking the key
     * for this request (the caller runs the operation and calls {@link #answer} in the same
     * transaction). An answer older than {@link #TTL} is forgotten here.
     *
     * @param requestHash a hash of the request's body: the key is bound to the method, the path and
     *                    this hash, and answers only the same request again
     * @throws IdempotencyKeyReusedException when the key was sent with another request
     * @throws ConflictException when the first answer was too large to keep
     * @throws SQLException a unique-key violation when another request took the key meanwhile (a
     *                      transient failure: the transaction is re-run and then finds its answer)
     */
    public Optional<StoredResponse> claim(Connection c, String key, String method, String path, String requestHash)
            throws SQLException {
        long now = nowNs.getAsLong();
        try (PreparedStatement ps = c.prepareStatement("SELECT method, path, request_hash, status, content_type,"
                + " body, created_at FROM idempotency WHERE idem_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int status = rs.getInt(4);
                    if (status == CLAIMED || rs.getLong(7) < now - IDEMPOTENCY_TTL_NS) {
                        // forgotten (or a reservation left by a server before this store kept answers
                        // with their effects, whose outcome is unknowable): the key is free again
                        continue;
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
                    String contentType = rs.getString(5);
                    String body = rs.getString(6);
                    if (NOT_KEPT.equals(contentType)) {
                        throw new ConflictException("the request with Idempotency-Key '" + key + "' was applied"
                                + " (status " + status + "), but its answer was larger than "
                                + MAX_ANSWER_BYTES + " bytes and was not kept; read the resource to learn its state");
                    }
                    return Optional.of(new StoredResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        // only what was judged forgotten above: a statement here sees what other transactions
        // committed since the SELECT, and another request's fresh answer must stay (it is then found
        // when the INSERT below fails on the key and the transaction re-runs)
        update(c, "DELETE FROM idempotency WHERE idem_key = ? AND (status = ? OR created_at < ?)", key, CLAIMED,
                now - IDEMPOTENCY_TTL_NS);
        update(c, "INSERT INTO idempotency (idem_key, method, path, status, content_type, body, created_at,"
                + " request_hash) VALUES (?, ?, ?, ?, NULL, '', ?, ?)", key, method, path, CLAIMED, now, requestHash);
        return Optional.empty();
    }

    /** Fills in the answer of a key {@link #claim taken} in the caller's transaction. */
    public void answer(Connection c, String key, StoredResponse r) throws SQLException {
        boolean kept = r.body().length <= MAX_ANSWER_BYTES;
        update(c, "UPDATE idempotency SET status = ?, content_type = ?, body = ? WHERE idem_key = ?", r.status(),
                kept ? r.contentType() : NOT_KEPT, kept ? new String(r.body(), StandardCharsets.UTF_8) : "", key);
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
