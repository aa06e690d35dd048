package io.deltacat.server.internal.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.model.NamespaceRole;
import io.deltacat.api.model.UserRole;
import io.deltacat.server.internal.auth.Principal;
import io.deltacat.server.internal.auth.Users;
import java.time.Duration;
import java.util.Set;

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
        router.add("GET", "/v1/users", c -> {
            ObjectNode n = Json.MAPPER.createObjectNode();
            ArrayNode arr = n.putArray("users");
            users().listUsers().forEach(u -> arr.add(user(u)));
            return HttpResult.json(200, n);
        });
        router.add("POST", "/v1/users", c -> {
            Json.Obj o = Json.parse(c.body(), "CreateUserRequest", Set.of("name", "role"));
            return HttpResult.json(201, user(users().createUser(o.string("name"), globalRole(o.string("role", "user")))));
        });
        router.add("GET", "/v1/users/{user}", c -> HttpResult.json(200, user(users().getUser(c.param("user")))));
        router.add("POST", "/v1/users/{user}/disable", c ->
                HttpResult.json(200, user(users().setDisabled(c.param("user"), true))));
        router.add("POST", "/v1/users/{user}/enable", c ->
                HttpResult.json(200, user(users().setDisabled(c.param("user"), false))));
        router.add("GET", "/v1/users/{user}/tokens", c -> {
            ObjectNode n = Json.MAPPER.createObjectNode();
            ArrayNode arr = n.putArray("tokens");
            users().listTokens(c.param("user")).forEach(t -> arr.add(token(t)));
            return HttpResult.json(200, n);
        });
        // the secret is shown once and never stored, not even as an idempotency answer: a resend of
        // the same key finds the token it issued and says so instead of issuing a second one
        router.add("POST", "/v1/users/{user}/tokens", Router.Resend.BY_IDS, this::issueToken);
        router.add("DELETE", "/v1/users/{user}/tokens/{tokenId}", c -> {
            users().revokeToken(c.param("user"), c.param("tokenId"));
            return HttpResult.noContent();
        });
        router.add("GET", "/v1/namespaces/{namespace}/grants", c -> {
            ObjectNode n = Json.MAPPER.createObjectNode();
            ArrayNode arr = n.putArray("grants");
            users().grants(c.param("namespace")).forEach(g -> arr.add(grant(g)));
            return HttpResult.json(200, n);
        });
        router.add("POST", "/v1/namespaces/{namespace}/grants", c -> {
            Json.Obj o = Json.parse(c.body(), "GrantRequest", Set.of("user", "role"));
            NamespaceRole role = Principal.namespaceRole(o.string("role"));
            if (role == null) {
                throw new InvalidRequestException("role must be owner, writer or reader, got '" + o.string("role") + "'");
            }
            return HttpResult.json(200, grant(users().grant(c.param("namespace"), o.string("user"), role)));
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
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("user", p.user());
        n.put("role", p.role().wireName());
        n.put("usersEnabled", users != null);
        ArrayNode grants = n.putArray("grants");
        p.grants().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e ->
                grants.addObject().put("namespace", e.getKey()).put("role", e.getValue().wireName()));
        return HttpResult.json(200, n);
    }

    private HttpResult issueToken(Router.Call c) throws Exception {
        Json.Obj o = Json.parse(c.body(), "IssueTokenRequest", Set.of("name", "expiresInSeconds"));
        Long seconds = o.integerOrNull("expiresInSeconds", 1);
        String user = c.param("user");
        String name = o.string("name");
        Users.Issued issued = users().issueToken(user, name, seconds == null ? null : Duration.ofSeconds(seconds),
                c.idempotencyKey());
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.set("token", token(issued.token()));
        n.put("secret", issued.secret());
        return HttpResult.json(201, n);
    }

    private static UserRole globalRole(String wire) {
        UserRole r = Principal.userRole(wire);
        if (r == null) {
            throw new InvalidRequestException("role must be admin, worker or user, got '" + wire + "'");
        }
        return r;
    }

    private static ObjectNode user(Users.User u) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("name", u.name());
        n.put("role", u.role().wireName());
        n.put("createdAt", u.createdAt());
        if (u.disabledAt() != null) {
            n.put("disabledAt", u.disabledAt());
        }
        return n;
    }

    private static ObjectNode token(Users.Token t) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", t.id());
        n.put("user", t.user());
        n.put("name", t.name());
        n.put("createdAt", t.createdAt());
        if (t.expiresAt() != null) {
            n.put("expiresAt", t.expiresAt());
        }
        if (t.revokedAt() != null) {
            n.put("revokedAt", t.revokedAt());
        }
        return n;
    }

    private static ObjectNode grant(Users.Grant g) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("namespace", g.namespace());
        n.put("user", g.user());
        n.put("role", g.role().wireName());
        n.put("grantedAt", g.grantedAt());
        return n;
    }
}
