package io.deltacat.server.internal.http;

import io.deltacat.server.internal.auth.Principal;
import io.deltacat.server.internal.auth.RunTokens;
import io.deltacat.server.internal.auth.Users;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * Who sent a request, from its {@code Authorization: Bearer <token>} header (the scheme is
 * case-insensitive, RFC 7235 section 2.1, and may be followed by several spaces). Three modes:
 * <ul>
 * <li>off (the embedded default): everyone is {@link Principal#UNRESTRICTED};</li>
 * <li>one shared token: its holder is unrestricted, compared in constant time;</li>
 * <li>users: a token issued to a user ({@link Users}), found by its hash.</li>
 * </ul>
 * In the last two modes, a remotely dispatched node run's token ({@link RunTokens}) authenticates as
 * that run, whose routes {@link io.deltacat.server.internal.auth.AccessRules} limits to its own.
 */
final class Authenticator {
    /** Who calls the public routes of a server with users without a token: nobody in particular. */
    static final Principal NOBODY = new Principal("", io.deltacat.api.model.UserRole.USER, Map.of());

    private final byte[] sharedToken;
    private final Users users;
    private final RunTokens runTokens;

    /**
     * @param sharedToken the one token of a server without users; null for none
     * @param users       the users of a server with users; null for none
     */
    Authenticator(String sharedToken, Users users, RunTokens runTokens) {
        this.sharedToken = sharedToken == null ? null : sharedToken.getBytes(StandardCharsets.UTF_8);
        this.users = users;
        this.runTokens = runTokens;
    }

    boolean usersEnabled() {
        return users != null;
    }

    /** The principal of the request's header; empty when a token is required and this one is not valid. */
    Optional<Principal> authenticate(String authorization) throws SQLException {
        if (sharedToken == null && users == null) {
            return Optional.of(Principal.UNRESTRICTED);
        }
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = authorization.substring(7).stripLeading();
        if (token.startsWith(RunTokens.PREFIX)) {
            // a remotely dispatched run's token: that run only, whatever the server's mode
            return runTokens.authenticate(token);
        }
        if (users != null) {
            return token.startsWith(Users.TOKEN_PREFIX) ? users.authenticate(token) : Optional.empty();
        }
        return MessageDigest.isEqual(sharedToken, token.getBytes(StandardCharsets.UTF_8))
                ? Optional.of(Principal.UNRESTRICTED) : Optional.empty();
    }
}
