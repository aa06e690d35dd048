package io.deltacat.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.AuthClient;
import io.deltacat.api.model.IssuedToken;
import io.deltacat.api.model.NamespaceGrant;
import io.deltacat.api.model.NamespaceRole;
import io.deltacat.api.model.TokenInfo;
import io.deltacat.api.model.UserInfo;
import io.deltacat.api.model.UserRole;
import io.deltacat.api.model.Whoami;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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

    private final ApiCalls calls;

    DefaultAuthClient(ApiCalls calls) {
        this.calls = calls;
    }

    @Override
    public Whoami whoami() {
        JsonNode n = calls.get(WHOAMI, PathSegments.path("auth", "whoami"));
        Map<String, NamespaceRole> grants = new LinkedHashMap<>();
        n.path("grants").forEach(g -> grants.put(g.path("namespace").asText(),
                NamespaceRole.fromWire(g.path("role").asText())));
        return new Whoami(n.path("user").asText(), UserRole.fromWire(n.path("role").asText()), grants,
                n.path("usersEnabled").asBoolean());
    }

    @Override
    public UserInfo createUser(String name, UserRole role) {
        Objects.requireNonNull(role, "role");
        ObjectNode body = Json.object().put("name", name).put("role", role.wireName());
        return user(calls.post(USERS, PathSegments.path("users"), body));
    }

    @Override
    public List<UserInfo> listUsers() {
        List<UserInfo> out = new ArrayList<>();
        calls.get(USERS, PathSegments.path("users")).path("users").forEach(u -> out.add(user(u)));
        return out;
    }

    @Override
    public UserInfo getUser(String name) {
        return user(calls.get(USER, PathSegments.path("users", name)));
    }

    @Override
    public UserInfo disableUser(String name) {
        return user(calls.post(DISABLE, PathSegments.path("users", name, "disable"), Json.object()));
    }

    @Override
    public UserInfo enableUser(String name) {
        return user(calls.post(ENABLE, PathSegments.path("users", name, "enable"), Json.object()));
    }

    @Override
    public IssuedToken issueToken(String user, String name, Duration expiresIn) {
        ObjectNode body = Json.object().put("name", name);
        if (expiresIn != null) {
            body.put("expiresInSeconds", Math.max(1, expiresIn.toSeconds()));
        }
        JsonNode n = calls.post(TOKENS, PathSegments.path("users", user, "tokens"), body);
        return new IssuedToken(token(n.path("token")), n.path("secret").asText());
    }

    @Override
    public List<TokenInfo> listTokens(String user) {
        List<TokenInfo> out = new ArrayList<>();
        calls.get(TOKENS, PathSegments.path("users", user, "tokens")).path("tokens").forEach(t -> out.add(token(t)));
        return out;
    }

    @Override
    public void revokeToken(String user, String tokenId) {
        calls.delete(TOKEN, PathSegments.path("users", user, "tokens", tokenId), Map.of());
    }

    @Override
    public NamespaceGrant grant(String namespace, String user, NamespaceRole role) {
        Objects.requireNonNull(role, "role");
        ObjectNode body = Json.object().put("user", user).put("role", role.wireName());
        return grant(calls.post(GRANTS, PathSegments.path("namespaces", namespace, "grants"), body));
    }

    @Override
    public void revokeGrant(String namespace, String user) {
        calls.delete(GRANT, PathSegments.path("namespaces", namespace, "grants", user), Map.of());
    }

    @Override
    public List<NamespaceGrant> grants(String namespace) {
        List<NamespaceGrant> out = new ArrayList<>();
        calls.get(GRANTS, PathSegments.path("namespaces", namespace, "grants")).path("grants")
                .forEach(g -> out.add(grant(g)));
        return out;
    }

    private static UserInfo user(JsonNode n) {
        return new UserInfo(n.path("name").asText(), UserRole.fromWire(n.path("role").asText()),
                instant(n.path("createdAt").asLong()), optionalInstant(n.get("disabledAt")));
    }

    private static TokenInfo token(JsonNode n) {
        return new TokenInfo(n.path("id").asText(), n.path("user").asText(), n.path("name").asText(),
                instant(n.path("createdAt").asLong()), optionalInstant(n.get("expiresAt")),
                optionalInstant(n.get("revokedAt")));
    }

    private static NamespaceGrant grant(JsonNode n) {
        return new NamespaceGrant(n.path("namespace").asText(), n.path("user").asText(),
                NamespaceRole.fromWire(n.path("role").asText()), instant(n.path("grantedAt").asLong()));
    }

    private static Instant instant(long nanos) {
        return DefaultJobsClient.instant(nanos);
    }

    private static Optional<Instant> optionalInstant(JsonNode n) {
        return n == null || n.isNull() ? Optional.empty() : Optional.of(instant(n.asLong()));
    }
}
