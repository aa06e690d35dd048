package io.deltacat.server.internal.auth;

import static io.deltacat.server.internal.store.Sql.count;
import static io.deltacat.server.internal.store.Sql.update;

import io.deltacat.api.error.AlreadyExistsException;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.model.NamespaceRole;
import io.deltacat.api.model.UserRole;
import io.deltacat.server.internal.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Users, their tokens and their grants per namespace. A token is {@value #TOKEN_PREFIX} and 256
 * random bits (base64url); only its SHA-256 is stored, so the secret is shown once, when issued, and
 * a token is found by the hash of what a request presents.
 */
public final class Users {
    /** How every token starts, so that a leaked one is recognizable by secret scanners. */
    public static final String TOKEN_PREFIX = "dct_";
    /** The user created at the first start of a server with users. */
    public static final String BOOTSTRAP_USER = "admin";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}");
    private static final Duration MAX_TOKEN_LIFE = Duration.ofDays(3650);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final LongSupplier nowNs;

    /** A user as listed. Times are nanoseconds since the epoch. */
    public record User(String name, UserRole role, long createdAt, Long disabledAt) {
    }

    /** A token as listed: never its secret. */
    public record Token(String id, String user, String name, long createdAt, Long expiresAt, Long revokedAt) {
    }

    /** A token just issued: the only time its secret is shown. */
    public record Issued(Token token, String secret) {
    }

    /** One grant of a role in a namespace. */
    public record Grant(String namespace, String user, NamespaceRole role, long grantedAt) {
    }

    public Users(Database db, LongSupplier nowNs) {
        this.db = db;
        this.nowNs = nowNs;
    }

    /**
     * At the first start of a server with users (no user yet): creates the admin user with a token,
     * {@code preset} when given (e.g. from an environment variable), else a new one. Empty when users
     * exist already: the bootstrap secret is never shown twice.
     */
    public Optional<String> bootstrap(String preset) throws SQLException {
        if (preset != null && !preset.startsWith(TOKEN_PREFIX)) {
            throw new IllegalArgumentException("a bootstrap token must start with '" + TOKEN_PREFIX + "' and carry"
                    + " at least 256 random bits");
        }
        if (preset != null && preset.length() < TOKEN_PREFIX.length() + 43) {
            throw new IllegalArgumentException("a bootstrap token must carry at least 256 random bits (43 base64url"
                    + " characters after '" + TOKEN_PREFIX + "')");
        }
        return db.tx(c -> {
            if (count(c, "SELECT COUNT(*) FROM users") > 0) {
                return Optional.<String>empty();
            }
            long now = nowNs.getAsLong();
            update(c, "INSERT INTO users (name, role, created_at) VALUES (?, ?, ?)", BOOTSTRAP_USER,
                    UserRole.ADMIN.wireName(), now);
            String secret = preset != null ? preset : newSecret();
            insertToken(c, BOOTSTRAP_USER, "bootstrap", secret, now, null);
            return Optional.of(secret);
        });
    }

    /** The principal of a bearer token; empty when it is unknown, revoked, expired or its user disabled. */
    public Optional<Principal> authenticate(String bearer) throws SQLException {
        String hash = hash(bearer);
        return db.tx(c -> {
            String user;
            UserRole role;
            try (PreparedStatement ps = c.prepareStatement("SELECT u.name, u.role FROM tokens t JOIN users u"
                    + " ON u.name = t.user_name WHERE t.secret_hash = ? AND t.revoked_at IS NULL"
                    + " AND (t.expires_at IS NULL OR t.expires_at > ?) AND u.disabled_at IS NULL")) {
                ps.setString(1, hash);
                ps.setLong(2, nowNs.getAsLong());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Principal>empty();
                    }
                    user = rs.getString(1);
                    role = Principal.userRole(rs.getString(2));
                }
            }
            Map<String, NamespaceRole> grants = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT namespace, role FROM grants WHERE user_name = ?")) {
                ps.setString(1, user);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        grants.put(rs.getString(1), Principal.namespaceRole(rs.getString(2)));
                    }
                }
            }
            return Optional.of(new Principal(user, role, grants));
        });
    }

    public User createUser(String name, UserRole role) throws SQLException {
        checkName(name);
        return db.tx(c -> {
            if (findUser(c, name).isPresent()) {
                throw new AlreadyExistsException("user '" + name + "' already exists");
            }
            long now = nowNs.getAsLong();
            update(c, "INSERT INTO users (name, role, created_at) VALUES (?, ?, ?)", name, role.wireName(), now);
            return new User(name, role, now, null);
        });
    }

    public List<User> listUsers() throws SQLException {
        return db.tx(c -> {
            List<User> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, role, created_at, disabled_at FROM users"
                    + " ORDER BY name"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(user(rs));
                }
            }
            return out;
        });
    }

    public User getUser(String name) throws SQLException {
        return db.tx(c -> requireUser(c, name));
    }

    /** Disables a user (every token stops working at once) or enables it again. */
    public User setDisabled(String name, boolean disabled) throws SQLException {
        return db.tx(c -> {
            requireUser(c, name);
            if (disabled) {
                update(c, "UPDATE users SET disabled_at = ? WHERE name = ? AND disabled_at IS NULL",
                        nowNs.getAsLong(), name);
            } else {
                update(c, "UPDATE users SET disabled_at = NULL WHERE name = ?", name);
            }
            return requireUser(c, name);
        });
    }

    /**
     * Issues a token for a user, expiring after {@code life} (null: never). {@code idempotencyKey}
     * (may be null) is recorded with the token: the same key again is refused (409), because the
     * secret, shown once, is not kept to be shown again, and a second token must not appear.
     */
    public Issued issueToken(String user, String name, Duration life, String idempotencyKey) throws SQLException {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new InvalidRequestException("a token's name must have 1..200 characters");
        }
        if (life != null && (life.isNegative() || life.isZero() || life.compareTo(MAX_TOKEN_LIFE) > 0)) {
            throw new InvalidRequestException("a token's expiresInSeconds must be 1.." + MAX_TOKEN_LIFE.toSeconds());
        }
        return db.tx(c -> {
            requireUser(c, user);
            if (idempotencyKey != null) {
                Optional<String> issued = text(c, "SELECT id FROM tokens WHERE idem_key = ?", idempotencyKey);
                if (issued.isPresent()) {
                    throw new ConflictException("token '" + issued.get() + "' was already issued for this request"
                            + " (Idempotency-Key '" + idempotencyKey + "'); its secret is shown only once: revoke"
                            + " it and issue a new one if the answer was lost");
                }
            }
            long now = nowNs.getAsLong();
            String secret = newSecret();
            Token t = insertToken(c, user, name, secret, now, life == null ? null : now + life.toNanos());
            update(c, "UPDATE tokens SET idem_key = ? WHERE id = ?", idempotencyKey, t.id());
            return new Issued(t, secret);
        });
    }

    public List<Token> listTokens(String user) throws SQLException {
        return db.tx(c -> {
            requireUser(c, user);
            List<Token> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, user_name, name, created_at, expires_at,"
                    + " revoked_at FROM tokens WHERE user_name = ? ORDER BY created_at, id")) {
                ps.setString(1, user);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Token(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                                nullableLong(rs, 5), nullableLong(rs, 6)));
                    }
                }
            }
            return out;
        });
    }

    /** Revokes a user's token; revoking a revoked token changes nothing. */
    public void revokeToken(String user, String tokenId) throws SQLException {
        db.tx(c -> {
            if (count(c, "SELECT COUNT(*) FROM tokens WHERE id = ? AND user_name = ?", tokenId, user) == 0) {
                throw new NotFoundException("user '" + user + "' has no token '" + tokenId + "'");
            }
            return update(c, "UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                    nowNs.getAsLong(), tokenId);
        });
    }

    /** Grants {@code role} in {@code namespace} to a user, replacing the role the user had there. */
    public Grant grant(String namespace, String user, NamespaceRole role) throws SQLException {
        return db.tx(c -> {
            requireUser(c, user);
            long now = nowNs.getAsLong();
            update(c, "DELETE FROM grants WHERE namespace = ? AND user_name = ?", namespace, user);
            update(c, "INSERT INTO grants (namespace, user_name, role, granted_at) VALUES (?, ?, ?, ?)", namespace,
                    user, role.wireName(), now);
            return new Grant(namespace, user, role, now);
        });
    }

    public void revokeGrant(String namespace, String user) throws SQLException {
        db.tx(c -> {
            if (update(c, "DELETE FROM grants WHERE namespace = ? AND user_name = ?", namespace, user) == 0) {
                throw new NotFoundException("user '" + user + "' has no role in namespace '" + namespace + "'");
            }
            return null;
        });
    }

    public List<Grant> grants(String namespace) throws SQLException {
        return db.tx(c -> {
            List<Grant> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT namespace, user_name, role, granted_at FROM grants"
                    + " WHERE namespace = ? ORDER BY user_name")) {
                ps.setString(1, namespace);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Grant(rs.getString(1), rs.getString(2), Principal.namespaceRole(rs.getString(3)),
                                rs.getLong(4)));
                    }
                }
            }
            return out;
        });
    }

    /** The namespace a write goes to; empty for an unknown write. */
    public Optional<String> namespaceOfWrite(String writeId) throws SQLException {
        return db.tx(c -> text(c, "SELECT namespace FROM writes WHERE id = ?", writeId));
    }

    /** The user who began a transaction; empty for an unknown one or one begun without users. */
    public Optional<String> transactionOwner(String transactionId) throws SQLException {
        return db.tx(c -> text(c, "SELECT user_name FROM transactions WHERE id = ?", transactionId));
    }

    /** Records who began a transaction, in the caller's (the begin's) transaction or its own. */
    public void recordTransactionOwner(String transactionId, String user) throws SQLException {
        db.tx(c -> update(c, "UPDATE transactions SET user_name = ? WHERE id = ?", user, transactionId));
    }

    private static Optional<String> text(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private Token insertToken(Connection c, String user, String name, String secret, long now, Long expires)
            throws SQLException {
        String id = "tok_" + HexFormat.of().formatHex(randomBytes(8));
        update(c, "INSERT INTO tokens (id, user_name, name, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?,"
                + " ?, ?)", id, user, name, hash(secret), now, expires);
        return new Token(id, user, name, now, expires, null);
    }

    private static Optional<User> findUser(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, role, created_at, disabled_at FROM users"
                + " WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(user(rs)) : Optional.empty();
            }
        }
    }

    private static User requireUser(Connection c, String name) throws SQLException {
        return findUser(c, name).orElseThrow(() -> new NotFoundException("user '" + name + "' does not exist"));
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getString(1), Principal.userRole(rs.getString(2)), rs.getLong(3), nullableLong(rs, 4));
    }

    private static Long nullableLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidRequestException("user name '" + name + "' must match " + NAME.pattern());
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String newSecret() {
        return TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
    }

    /** SHA-256 of a secret, hex: what is stored and looked up. */
    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
