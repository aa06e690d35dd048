package io.deltacat.compat.internal;

import static io.deltacat.compat.internal.Checks.check;
import static io.deltacat.compat.internal.Checks.equal;
import static io.deltacat.compat.internal.Checks.expectThrows;

import io.deltacat.api.DeltacatClient;
import io.deltacat.api.error.ForbiddenException;
import io.deltacat.api.error.UnauthorizedException;
import io.deltacat.api.model.IssuedToken;
import io.deltacat.api.model.NamespaceRole;
import io.deltacat.api.model.UserRole;
import io.deltacat.api.model.Whoami;
import io.deltacat.api.model.WriteMode;
import io.deltacat.auth.TokenProviders;
import java.time.Duration;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Scenarios of authentication and roles. */
final class AuthScenarios {
    private AuthScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
                Scenario.reading("auth/whoami", "whoami answers who the token is; without users, anonymous admin",
                        List.of(), AuthScenarios::whoami),
                Scenario.writing("auth/roles", "a reader granted on one namespace reads it but may not write; its revoked"
                        + " token stops working at once (needs a server with users and an admin token)",
                        List.of("catalog", "staged-writes", "read-plan"), AuthScenarios::roles));
    }

    private static void whoami(ScenarioContext ctx) {
        Whoami me = ctx.client().auth().whoami();
        check(!me.user().isBlank(), "whoami gave an empty user");
        if (!me.usersEnabled()) {
            equal(UserRole.ADMIN, me.role(), "role of the anonymous caller of a server without users");
        }
    }

    private static void roles(ScenarioContext ctx) throws Exception {
        DeltacatClient admin = ctx.client();
        Whoami me = admin.auth().whoami();
        if (!me.usersEnabled()) {
            throw new SkipException("the server runs without users (whoami: usersEnabled=false)");
        }
        if (me.role() != UserRole.ADMIN) {
            throw new SkipException("the runbook's token is not an admin's (" + me.user() + " is "
                    + me.role().wireName() + "); roles need an admin to create a user");
        }
        String ns = ctx.namespace();
        try (VectorSchemaRoot batch = Data.people(admin.allocator(), Data.firstPeople(1, 2))) {
            admin.catalog().write(batch, w -> w.namespace(ns).table("guarded").mode(WriteMode.AUTO));
        }
        String user = ctx.unique("reader");
        admin.auth().createUser(user, UserRole.USER);
        ctx.onCleanup("disable user " + user, () -> admin.auth().disableUser(user));
        admin.auth().grant(ns, user, NamespaceRole.READER);
        IssuedToken token = admin.auth().issueToken(user, "compat", Duration.ofHours(1));
        DeltacatClient reader = ctx.connect(TokenProviders.ofToken(token.secret()));
        equal(user, reader.auth().whoami().user(), "whoami of the reader's token");
        equal(Data.firstPeople(1, 2), Data.read(reader, q -> q.namespace(ns).table("guarded")), "rows the reader reads");
        expectThrows(ForbiddenException.class, "a write by a reader", () -> {
            try (VectorSchemaRoot batch = Data.people(reader.allocator(), Data.firstPeople(3, 1))) {
                reader.catalog().write(batch, w -> w.namespace(ns).table("guarded").mode(WriteMode.APPEND));
            }
        });
        admin.auth().revokeToken(user, token.token().id());
        expectThrows(UnauthorizedException.class, "a call with a revoked token",
                () -> reader.catalog().listTables(ns));
        equal(Data.firstPeople(1, 2), Data.read(admin, q -> q.namespace(ns).table("guarded")), "rows after the refused write");
    }
}
