package io.deltacat.client.internal;

import io.deltacat.api.AuthClient;
import io.deltacat.api.model.IssuedToken;
import io.deltacat.api.model.NamespaceGrant;
import io.deltacat.api.model.NamespaceRole;
import io.deltacat.api.model.TokenInfo;
import io.deltacat.api.model.UserInfo;
import io.deltacat.api.model.UserRole;
import io.deltacat.api.model.Whoami;
import io.deltacat.wire.auth.CreateUserRequest;
import io.deltacat.wire.auth.Grant;
import io.deltacat.wire.auth.GrantList;
import io.deltacat.wire.auth.GrantRequest;
import io.deltacat.wire.auth.IssueTokenRequest;
import io.deltacat.wire.auth.TokenList;
import io.deltacat.wire.auth.User;
import io.deltacat.wire.auth.UserList;
import io.deltacat.wire.common.EmptyRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Users, tokens and grants over the transport ({@code /v1/auth/whoami}, {@code /v1/users...}). */
final class DefaultAuthClient implements AuthClient {
    static final String WHOAMI = "/v1/auth/whoami";
    static final String USERS = "/v1/users";
    static final String USER = "/v1/users/{user}";
    static final String DISABLE = "/v1/users/{user}/disable";
    static final String ENABLE = "/v1/users/{user}/enable";
    static final String TOKENS = "/v1/users/{user}/tokens";
    static final String TOKEN = "/v1/users/{user}/tokens/{tokenId}";
    static final String GRANTS = "/v1/namespaces/{namespace}/grants";
    static final String GRANT = "/v1/namespaces/{namespace}/grants/{user}";

    private static final EmptyRequest EMPTY = new EmptyRequest();

    private final ApiCalls calls;

    DefaultAuthClient(ApiCalls calls) {
        this.calls = calls;
    }

    @Override
    public Whoami whoami() {
        return AuthWire.whoami(calls.get(WHOAMI, PathSegments.path("auth", "whoami"), io.deltacat.wire.auth.Whoami.class));
    }

    @Override
    public UserInfo createUser(String name, UserRole role) {
        Objects.requireNonNull(role, "role");
        return AuthWire.user(calls.post(USERS, PathSegments.path("users"),
                new CreateUserRequest(name, AuthWire.wire(role)), User.class));
    }

    @Override
    public List<UserInfo> listUsers() {
        return calls.get(USERS, PathSegments.path("users"), UserList.class).users().stream().map(AuthWire::user)
                .toList();
    }

    @Override
    public UserInfo getUser(String name) {
        return AuthWire.user(calls.get(USER, PathSegments.path("users", name), User.class));
    }

    @Override
    public UserInfo disableUser(String name) {
        return AuthWire.user(calls.post(DISABLE, PathSegments.path("users", name, "disable"), EMPTY, User.class));
    }

    @Override
    public UserInfo enableUser(String name) {
        return AuthWire.user(calls.post(ENABLE, PathSegments.path("users", name, "enable"), EMPTY, User.class));
    }

    @Override
    public IssuedToken issueToken(String user, String name, Duration expiresIn) {
        Long seconds = expiresIn == null ? null : Math.max(1, expiresIn.toSeconds());
        return AuthWire.issued(calls.post(TOKENS, PathSegments.path("users", user, "tokens"),
                new IssueTokenRequest(name, seconds), io.deltacat.wire.auth.IssuedToken.class));
    }

    @Override
    public List<TokenInfo> listTokens(String user) {
        return calls.get(TOKENS, PathSegments.path("users", user, "tokens"), TokenList.class).tokens().stream()
                .map(AuthWire::token).toList();
    }

    @Override
    public void revokeToken(String user, String tokenId) {
        calls.delete(TOKEN, PathSegments.path("users", user, "tokens", tokenId), Map.of());
    }

    @Override
    public NamespaceGrant grant(String namespace, String user, NamespaceRole role) {
        Objects.requireNonNull(role, "role");
        return AuthWire.grant(calls.post(GRANTS, PathSegments.path("namespaces", namespace, "grants"),
                new GrantRequest(user, AuthWire.wire(role)), Grant.class));
    }

    @Override
    public void revokeGrant(String namespace, String user) {
        calls.delete(GRANT, PathSegments.path("namespaces", namespace, "grants", user), Map.of());
    }

    @Override
    public List<NamespaceGrant> grants(String namespace) {
        return calls.get(GRANTS, PathSegments.path("namespaces", namespace, "grants"), GrantList.class).grants()
                .stream().map(AuthWire::grant).toList();
    }
}
