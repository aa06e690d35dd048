package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.Transaction;
import io.deltacat.api.error.ForbiddenException;
import io.deltacat.api.error.UnauthorizedException;
import io.deltacat.api.model.IssuedToken;
import io.deltacat.api.model.NamespaceRole;
import io.deltacat.api.model.TokenInfo;
import io.deltacat.api.model.UserRole;
import io.deltacat.api.model.Whoami;
import io.deltacat.auth.TokenProviders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server with users, as a team would use it (issue 16): an admin creates users and grants, each
 * user reads and writes what its roles allow and is refused the rest before any write session (and
 * so any storage access) is handed out; tokens are secret, revocable, expiring; disabled users are
 * locked out at once.
 */
class UsersEndToEndTest {
    private static final String BOOTSTRAP = "dct_" + "b".repeat(43);

    @TempDir
    Path dir;
    Fixture fx;
    DeltacatClient admin;
    final List<DeltacatClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        fx = new Fixture(dir, b -> b.users(true).bootstrapToken(BOOTSTRAP));
        admin = as(BOOTSTRAP);
        admin.catalog().createNamespace("robotics");
        admin.catalog().createNamespace("lab");
        try (VectorSchemaRoot cats = Cats.first(fx.allocator)) {
            admin.catalog().write(cats, w -> w.namespace("lab").table("mice"));
        }
    }

    @AfterEach
    void stop() {
        clients.forEach(DeltacatClient::close);
        fx.close();
    }

    private DeltacatClient as(String token) {
        DeltacatClient c = DeltacatClient.connect(ClientConfig.builder().uri(fx.server.uri().toString())
                .tokenProvider(TokenProviders.ofToken(token)).allocator(fx.allocator).maxRetries(0).build());
        clients.add(c);
        return c;
    }

    private long count(String sql) throws Exception {
        String url = fx.metadataUrl != null ? fx.metadataUrl
                : "jdbc:sqlite:" + dir.resolve(".deltacat").resolve("metadata.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void eachUserDoesWhatItsRolesAllowAndIsRefusedTheRestBeforeAnyWriteOpens() throws Exception {
        admin.auth().createUser("ada", UserRole.USER);
        admin.auth().grant("robotics", "ada", NamespaceRole.WRITER);
        admin.auth().grant("lab", "ada", NamespaceRole.READER);
        DeltacatClient ada = as(admin.auth().issueToken("ada", "laptop", Duration.ofDays(1)).secret());

        Whoami me = ada.auth().whoami();
        assertThat(me.user()).isEqualTo("ada");
        assertThat(me.role()).isEqualTo(UserRole.USER);
        assertThat(me.grants()).containsEntry("robotics", NamespaceRole.WRITER).containsEntry("lab", NamespaceRole.READER);

        try (VectorSchemaRoot cats = Cats.first(fx.allocator)) {
            assertThat(ada.catalog().write(cats, w -> w.namespace("robotics").table("cats")).rowCount()).isEqualTo(3);
        }
        assertThat(Rows.of(ada.catalog().readAll(q -> q.namespace("robotics").table("cats")))).hasSize(3);
        assertThat(Rows.of(ada.catalog().readAll(q -> q.namespace("lab").table("mice")))).hasSize(3);

        long writes = count("SELECT COUNT(*) FROM writes");
        try (VectorSchemaRoot cats = Cats.first(fx.allocator)) {
            assertThatThrownBy(() -> ada.catalog().write(cats, w -> w.namespace("lab").table("mice")))
                    .isInstanceOf(ForbiddenException.class).hasMessageContaining("writer").hasMessageContaining("lab");
        }
        assertThat(count("SELECT COUNT(*) FROM writes")).as("refused before a write session opened").isEqualTo(writes);
        assertThatThrownBy(() -> ada.catalog().readAll(q -> q.namespace("default").table("anything")))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> ada.catalog().dropTable("robotics", "cats")).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("owner");
        assertThatThrownBy(() -> ada.catalog().createNamespace("mine")).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> ada.auth().createUser("eve", UserRole.ADMIN)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> ada.auth().grant("robotics", "ada", NamespaceRole.OWNER))
                .as("a writer cannot raise itself").isInstanceOf(ForbiddenException.class);

        // jobs: a writer may compact its tables but not run workers' jobs
        assertThat(ada.jobs().submitCompaction("robotics", "cats").type()).isEqualTo("compaction");
        assertThatThrownBy(() -> ada.jobs().submitCompaction("lab", "mice")).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> ada.jobs().claim(c -> c.workerId("ada"))).isInstanceOf(ForbiddenException.class);
        admin.auth().createUser("robot", UserRole.WORKER);
        DeltacatClient robot = as(admin.auth().issueToken("robot", "pod", null).secret());
        assertThat(robot.jobs().claim(c -> c.workerId("robot"))).isEmpty();

        // a transaction is carried on by the user who began it
        Transaction tx = ada.transaction("ada's");
        assertThatThrownBy(() -> robot.transactionStatus(tx.id())).isInstanceOf(ForbiddenException.class);
        assertThat(ada.transactionStatus(tx.id()).state().name()).isEqualTo("OPEN");
        tx.abort();
    }

    @Test
    void tokensAreSecretRevocableAndExpiringAndDisabledUsersAreLockedOut() throws Exception {
        admin.auth().createUser("bob", UserRole.USER);
        IssuedToken first = admin.auth().issueToken("bob", "ci", Duration.ofHours(1));
        assertThat(first.secret()).startsWith("dct_").hasSizeGreaterThanOrEqualTo(4 + 43);
        assertThat(first.toString()).doesNotContain(first.secret());
        assertThat(count("SELECT COUNT(*) FROM tokens WHERE secret_hash = '" + first.secret() + "'"))
                .as("only a hash is stored").isZero();
        DeltacatClient bob = as(first.secret());
        assertThat(bob.auth().whoami().user()).isEqualTo("bob");

        // bob manages his own tokens, never another user's
        IssuedToken second = bob.auth().issueToken("bob", "laptop", null);
        List<TokenInfo> listed = bob.auth().listTokens("bob");
        assertThat(listed).extracting(TokenInfo::name).containsExactly("ci", "laptop");
        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(fx.server.uri() + "/v1/users/bob/tokens")).header("Authorization", "Bearer " + first.secret())
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(raw.body()).doesNotContain(first.secret()).doesNotContain(second.secret());
        assertThatThrownBy(() -> bob.auth().listTokens("admin")).isInstanceOf(ForbiddenException.class);

        // a resend of an issue with the same key never issues a second token
        String key = java.util.UUID.randomUUID().toString();
        HttpRequest issue = HttpRequest.newBuilder(URI.create(fx.server.uri() + "/v1/users/bob/tokens"))
                .header("Authorization", "Bearer " + first.secret()).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"once\"}")).build();
        assertThat(HttpClient.newHttpClient().send(issue, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(201);
        HttpResponse<String> again = HttpClient.newHttpClient().send(issue, HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("already issued").doesNotContain("dct_");
        assertThat(bob.auth().listTokens("bob")).hasSize(3);

        bob.auth().revokeToken("bob", second.token().id());
        assertThatThrownBy(() -> as(second.secret()).auth().whoami()).isInstanceOf(UnauthorizedException.class);

        admin.auth().disableUser("bob");
        assertThatThrownBy(() -> bob.auth().whoami()).isInstanceOf(UnauthorizedException.class);
        admin.auth().enableUser("bob");
        assertThat(bob.auth().whoami().user()).isEqualTo("bob");

        fx.clock.advance(Duration.ofHours(2));
        assertThatThrownBy(() -> bob.auth().whoami()).as("expired").isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> as("dct_" + "x".repeat(43)).catalog().listNamespaces())
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> admin.auth().createUser("bob", UserRole.USER)).isInstanceOf(
                io.deltacat.api.error.AlreadyExistsException.class);
    }

    @Test
    void theBootstrapTokenIsTakenOnceAndARestartKeepsUsers() {
        admin.auth().createUser("carol", UserRole.USER);
        fx.stopServer();
        io.deltacat.server.DeltacatServer.Builder b = io.deltacat.server.DeltacatServer.builder().root(dir).port(0)
                .clock(fx.clock).users(true).bootstrapToken("dct_" + "c".repeat(43));
        if (fx.metadataUrl != null) {
            b.metadataUrl(fx.metadataUrl);
        }
        fx.server = b.build().start();
        DeltacatClient again = as(BOOTSTRAP);
        assertThat(again.auth().listUsers()).extracting(u -> u.name()).containsExactly("admin", "carol");
        assertThatThrownBy(() -> as("dct_" + "c".repeat(43)).auth().whoami())
                .as("a second bootstrap token is not taken once users exist").isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void aServerWithoutUsersAnswersWhoamiAndRefusesUserRoutes() throws Exception {
        try (Fixture open = new Fixture(dir.resolve("open"))) {
            Whoami me = open.client.auth().whoami();
            assertThat(me.usersEnabled()).isFalse();
            assertThat(me.role()).isEqualTo(UserRole.ADMIN);
            assertThatThrownBy(() -> open.client.auth().listUsers())
                    .isInstanceOf(io.deltacat.api.error.UnsupportedFeatureException.class).hasMessageContaining("users");
        }
    }
}
