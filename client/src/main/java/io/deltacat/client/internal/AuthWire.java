package io.deltacat.client.internal;

import io.deltacat.api.model.IssuedToken;
import io.deltacat.api.model.NamespaceGrant;
import io.deltacat.api.model.NamespaceRole;
import io.deltacat.api.model.TokenInfo;
import io.deltacat.api.model.UserInfo;
import io.deltacat.api.model.UserRole;
import io.deltacat.api.model.Whoami;
import io.deltacat.wire.auth.Grant;
import io.deltacat.wire.auth.Token;
import io.deltacat.wire.auth.User;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The one place auth wire types ({@code io.deltacat.wire.auth}) become API records and back. */
final class AuthWire {
    private AuthWire() {
    }

    static Whoami whoami(io.deltacat.wire.auth.Whoami w) {
        Map<String, NamespaceRole> grants = new LinkedHashMap<>();
        w.grants().forEach(g -> grants.put(g.namespace(), role(g.role())));
        return new Whoami(w.user(), role(w.role()), grants, Boolean.TRUE.equals(w.usersEnabled()));
    }

    static UserInfo user(User u) {
        return new UserInfo(u.name(), role(u.role()), instant(u.createdAt()), optional(u.disabledAt()));
    }

    static TokenInfo token(Token t) {
        return new TokenInfo(t.id(), t.user(), t.name(), instant(t.createdAt()), optional(t.expiresAt()),
                optional(t.revokedAt()));
    }

    static IssuedToken issued(io.deltacat.wire.auth.IssuedToken t) {
        return new IssuedToken(token(t.token()), t.secret());
    }

    static NamespaceGrant grant(Grant g) {
        return new NamespaceGrant(g.namespace(), g.user(), role(g.role()), instant(g.grantedAt()));
    }

    static io.deltacat.wire.auth.UserRole wire(UserRole r) {
        return io.deltacat.wire.auth.UserRole.of(r.wireName());
    }

    static io.deltacat.wire.auth.NamespaceRole wire(NamespaceRole r) {
        return io.deltacat.wire.auth.NamespaceRole.of(r.wireName());
    }

    private static UserRole role(io.deltacat.wire.auth.UserRole r) {
        return UserRole.fromWire(r.wire());
    }

    private static NamespaceRole role(io.deltacat.wire.auth.NamespaceRole r) {
        return NamespaceRole.fromWire(r.wire());
    }

    private static Instant instant(Long nanos) {
        return DefaultJobsClient.instant(nanos == null ? 0 : nanos);
    }

    private static Optional<Instant> optional(Long nanos) {
        return nanos == null ? Optional.empty() : Optional.of(instant(nanos));
    }
}
