package io.deltacat.server.internal.http;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.model.NamespaceRole;
import io.deltacat.api.model.UserRole;
import io.deltacat.server.internal.auth.Principal;
import io.deltacat.server.internal.auth.Users;
import java.time.Duration;
import io.deltacat.wire.auth.CreateUserRequest;
import io.deltacat.wire.auth.Grant;
import io.deltacat.wire.auth.GrantList;
import io.deltacat.wire.auth.GrantRequest;
import io.deltacat.wire.auth.IssueTokenRequest;
import io.deltacat.wire.auth.IssuedToken;
import io.deltacat.wire.auth.RoleInNamespace;
import io.deltacat.wire.auth.Token;
import io.deltacat.wire.auth.TokenList;
import io.deltacat.wire.auth.User;
import io.deltacat.wire.auth.UserList;
import io.deltacat.wire.auth.Whoami;
import java.util.List;
import java.util.Map;

/**
 * Users, tokens and grants ({@code /v1/auth/whoami}, {@code /v1/users...},
 * {@code /v1/namespaces/{namespace}/grants...}). Who may call which is in
 * {@link io.deltacat.server.internal.auth.AccessRules}. On a server without users only
 * {@code whoami} answers; the rest is 400 {@code unsupported}.
 */
final class AuthRoutes {
    private final Users users;

    /** @param users the server's users; null when it runs without users */
    AuthRoutes(Users users) {
        this.users = users;
    }

    void register(Router router) {
        router.add("GET", "/v1/auth/whoami", this::whoami);
        router.add("GET", "/v1/users", c -> HttpResult.wire(200,
                new UserList(users().listUsers().stream().map(AuthRoutes::user).toList())));
        router.add("POST", "/v1/users", c -> {
            CreateUserRequest r = Json.read(c.body(), CreateUserRequest.class);
            UserRole role = r.role() == null ? UserRole.USER : globalRole(r.role().wire());
            return HttpResult.wire(201, user(users().createUser(r.name(), role)));
        });
        router.add("GET", "/v1/users/{user}", c -> HttpResult.wire(200, user(users().getUser(c.param("user")))));
        router.add("POST", "/v1/users/{user}/disable", c -> {
            Json.readEmpty(c.body()); // an empty object, or no body: a field this server does not know is refused
            return HttpResult.wire(200, user(users().setDisabled(c.param("user"), true)));
        });
        router.add("POST", "/v1/users/{user}/enable", c -> {
            Json.readEmpty(c.body());
            return HttpResult.wire(200, user(users().setDisabled(c.param("user"), false)));
        });
        router.add("GET", "/v1/users/{user}/tokens", c -> HttpResult.wire(200,
                new TokenList(users().listTokens(c.param("user")).stream().map(AuthRoutes::token).toList())));
        // the secret is shown once and never stored, not even as an idempotency answer: a resend of
        // the same key finds the token it issued and says so instead of issuing a second one
        router.add("POST", "/v1/users/{user}/tokens", Router.Resend.BY_IDS, this::issueToken);
        router.add("DELETE", "/v1/users/{user}/tokens/{tokenId}", c -> {
            users().revokeToken(c.param("user"), c.param("tokenId"));
            return HttpResult.noContent();
        });
        router.add("GET", "/v1/namespaces/{namespace}/grants", c -> HttpResult.wire(200,
                new GrantList(users().grants(c.param("namespace")).stream().map(AuthRoutes::grant).toList())));
        router.add("POST", "/v1/namespaces/{namespace}/grants", c -> {
            GrantRequest r = Json.read(c.body(), GrantRequest.class);
            NamespaceRole role = Principal.namespaceRole(r.role().wire());
            if (role == null) {
                throw new InvalidRequestException("role must be owner, writer or reader, got '" + r.role().wire() + "'");
            }
            return HttpResult.wire(200, grant(users().grant(c.param("namespace"), r.user(), role)));
        });
        router.add("DELETE", "/v1/namespaces/{namespace}/grants/{user}", c -> {
            users().revokeGrant(c.param("namespace"), c.param("user"));
            return HttpResult.noContent();
        });
    }

    private Users users() {
        if (users == null) {
            throw new UnsupportedFeatureException("this server runs without users (start it with users on:"
                    + " `deltacat server --auth users`, or DeltacatServer.Builder.users(true))");
        }
        return users;
    }

    private HttpResult whoami(Router.Call c) {
        Principal p = c.principal();
        List<RoleInNamespace> grants = p.grants().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new RoleInNamespace(e.getKey(), namespaceRole(e.getValue()))).toList();
        return HttpResult.wire(200, new Whoami(p.user(), userRole(p.role()), users != null, grants));
    }

    private HttpResult issueToken(Router.Call c) throws Exception {
        IssueTokenRequest r = Json.read(c.body(), IssueTokenRequest.class);
        Long seconds = Json.atLeast(r.expiresInSeconds(), 1, "expiresInSeconds", "IssueTokenRequest");
        Users.Issued issued = users().issueToken(c.param("user"), r.name(),
                seconds == null ? null : Duration.ofSeconds(seconds), c.idempotencyKey());
        return HttpResult.wire(201, new IssuedToken(token(issued.token()), issued.secret()));
    }

    private static UserRole globalRole(String wire) {
        UserRole r = Principal.userRole(wire);
        if (r == null) {
            throw new InvalidRequestException("role must be admin, worker or user, got '" + wire + "'");
        }
        return r;
    }

    private static io.deltacat.wire.auth.UserRole userRole(UserRole r) {
        return io.deltacat.wire.auth.UserRole.of(r.wireName());
    }

    private static io.deltacat.wire.auth.NamespaceRole namespaceRole(NamespaceRole r) {
        return io.deltacat.wire.auth.NamespaceRole.of(r.wireName());
    }

    private static User user(Users.User u) {
        return new User(u.name(), userRole(u.role()), u.createdAt(), u.disabledAt());
    }

    private static Token token(Users.Token t) {
        return new Token(t.id(), t.user(), t.name(), t.createdAt(), t.expiresAt(), t.revokedAt());
    }

    private static Grant grant(Users.Grant g) {
        return new Grant(g.namespace(), g.user(), namespaceRole(g.role()), g.grantedAt());
    }
}
