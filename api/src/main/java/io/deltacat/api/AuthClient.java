package io.deltacat.api;

import io.deltacat.api.model.IssuedToken;
import io.deltacat.api.model.NamespaceGrant;
import io.deltacat.api.model.NamespaceRole;
import io.deltacat.api.model.TokenInfo;
import io.deltacat.api.model.UserInfo;
import io.deltacat.api.model.UserRole;
import io.deltacat.api.model.Whoami;
import java.time.Duration;
import java.util.List;

/**
 * Users, tokens and grants of a server started with users ({@code deltacat server --auth users}).
 * Only {@link #whoami()} answers on a server without users; the rest throws
 * {@link io.deltacat.api.error.UnsupportedFeatureException} there.
 *
 * <p>An admin sets up a team:
 * <pre>{@code
 * AuthClient auth = admin.auth();
 * auth.createUser("ada", UserRole.USER);
 * IssuedToken token = auth.issueToken("ada", "laptop", Duration.ofDays(30));
 * auth.grant("robotics", "ada", NamespaceRole.WRITER);
 * DeltacatClient ada = DeltacatClient.connect(ClientConfig.builder().uri(uri)
 *         .tokenProvider(TokenProviders.fixed(token.secret())).build());
 * }</pre>
 *
 * <p>Who may call what: an admin everything; a user its own tokens ({@link #issueToken},
 * {@link #listTokens}, {@link #revokeToken} for its own name) and, as owner of a namespace, the grants
 * in it. A call without the right fails with {@link io.deltacat.api.error.ForbiddenException} and
 * changes nothing; a revoked or expired token, or a disabled user, gets
 * {@link io.deltacat.api.error.UnauthorizedException} on every call.
 */
public interface AuthClient {
    /** Who this client is to the server. */
    Whoami whoami();

    /** Creates a user (admin only). */
    UserInfo createUser(String name, UserRole role);

    /** Every user (admin only). */
    List<UserInfo> listUsers();

    /** A user (admin, or the user itself). */
    UserInfo getUser(String name);

    /** Disables a user: every token of the user stops working at once (admin only). */
    UserInfo disableUser(String name);

    /** Enables a disabled user again; tokens not revoked or expired work again (admin only). */
    UserInfo enableUser(String name);

    /**
     * Issues a token for a user; the secret is in the answer only. A token has 256 random bits; the
     * server keeps its SHA-256.
     *
     * @param expiresIn how long it works; {@code null} for a token that does not expire
     */
    IssuedToken issueToken(String user, String name, Duration expiresIn);

    /** A user's tokens, without secrets, oldest first. */
    List<TokenInfo> listTokens(String user);

    /** Revokes a token at once; revoking it again changes nothing. */
    void revokeToken(String user, String tokenId);

    /** Grants a role in a namespace, replacing the user's role there (admin, or the namespace's owner). */
    NamespaceGrant grant(String namespace, String user, NamespaceRole role);

    /** Takes a user's role in a namespace away. */
    void revokeGrant(String namespace, String user);

    /** The roles granted in a namespace. */
    List<NamespaceGrant> grants(String namespace);
}
