package io.deltacat.cli;

import io.deltacat.server.DeltacatServer;
import io.deltacat.server.ServerStartException;
import io.deltacat.server.StorageRoot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code deltacat server}: runs the reference server until interrupted. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the reference DeltaCAT API server.")
final class ServerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

    @Option(names = "--root", description = "Data root: a directory, or s3://bucket/prefix (then --home holds the"
            + " server's own state) (default: ${DEFAULT-VALUE}).", defaultValue = "deltacat-data")
    String root;

    @Option(names = "--home", paramLabel = "DIR", description = "Directory of the server's own state (SQLite metadata"
            + " and its lock) when the data root is not a local directory (default: ${DEFAULT-VALUE}).",
            defaultValue = "deltacat-home")
    Path home;

    @Option(names = "--roots-config", paramLabel = "FILE", description = "A properties file of several named data roots"
            + " (local and S3 side by side; see StorageRoot); replaces --root.")
    Path rootsConfig;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "Custom S3 endpoint of an s3:// root"
            + " (S3-compatible stores: s3proxy, MinIO, Ceph); path-style addressing is then used.")
    String s3Endpoint;

    @Option(names = "--s3-region", description = "Region of an s3:// root (default: ${DEFAULT-VALUE}).",
            defaultValue = "us-east-1")
    String s3Region;

    @Option(names = "--s3-access", description = "How clients reach an s3:// root: presigned (URLs per object and"
            + " signed uploads; default), sts (temporary keys by AssumeRole with a session policy; needs"
            + " --s3-role-arn) or keys (the root's own keys, trusted clients only).")
    String s3Access;

    @Option(names = "--s3-role-arn", paramLabel = "ARN", description = "Role STS assumes for clients (--s3-access sts).")
    String s3RoleArn;

    @Option(names = "--s3-sts-endpoint", paramLabel = "URL", description = "Custom STS endpoint.")
    String s3StsEndpoint;

    @Option(names = "--credential-ttl", paramLabel = "DURATION",
            description = "How long vended storage access lasts, ISO-8601 (default: PT15M).")
    Duration credentialTtl;

    @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}).", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--port", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).",
            defaultValue = "8080")
    int port;

    @Option(names = "--catalog", description = "Catalog name (default: ${DEFAULT-VALUE}).", defaultValue = "default")
    String catalog;

    @Option(names = "--metadata-url", paramLabel = "JDBC_URL",
            description = "Keep the metadata (catalog, commit log, jobs) in this database instead of SQLite under"
                    + " the root, e.g. jdbc:postgresql://127.0.0.1:5432/deltacat?user=deltacat; several server"
                    + " processes may share one PostgreSQL database.")
    String metadataUrl;

    @Option(names = "--auth-token-env", paramLabel = "VAR",
            description = "Require this bearer token, read from environment variable VAR.")
    String authTokenEnv;

    @Option(names = "--auth", paramLabel = "MODE",
            description = "'users': every request needs a token issued to a user, and routes check the user's roles."
                    + " At the first start an 'admin' user is created; its token is read from environment variable"
                    + " DELTACAT_BOOTSTRAP_TOKEN when set (dct_ and 43+ base64url characters), else generated and"
                    + " printed once on standard output.")
    String auth;

    @Option(names = "--staging-ttl", paramLabel = "DURATION",
            description = "How long a staged write may stay open before maintenance expires it, ISO-8601"
                    + " (default: PT1H).")
    Duration stagingTtl;

    @Option(names = "--retention", paramLabel = "DURATION",
            description = "How long files of superseded data and of dropped tables stay readable by asOf before"
                    + " maintenance deletes them, ISO-8601 (default: P7D).")
    Duration retention;

    @Option(names = "--leftover-grace", paramLabel = "DURATION",
            description = "How old a file under the root that no catalog entry references must be before"
                    + " maintenance deletes it, ISO-8601 (default: PT1H).")
    Duration leftoverGrace;

    @Option(names = "--maintenance-interval", paramLabel = "DURATION",
            description = "How often maintenance runs after the pass at start, ISO-8601 (default: PT1M).")
    Duration maintenanceInterval;

    @Option(names = "--no-extensions", description = "Serve the REST API only: not the extensions found on the"
            + " module path (the MCP server at /mcp).")
    boolean noExtensions;

    @Override
    public Integer call() throws Exception {
        DeltacatServer.Builder builder = DeltacatServer.builder().host(host).port(port).catalogName(catalog);
        if (!noExtensions) {
            // deltacat-mcp-server ships in lib/: /mcp beside the REST API, behind the same tokens
            java.util.ServiceLoader.load(io.deltacat.server.ServerExtension.class).forEach(builder::extension);
        }
        String where;
        if (rootsConfig != null) {
            java.util.List<StorageRoot> roots = StorageRoot.load(rootsConfig);
            builder.root(home.toAbsolutePath()).roots(roots);
            where = "roots " + roots.stream().map(r -> r.name() + "=" + r.uri()).toList();
        } else if (root.startsWith("s3://")) {
            // keys come from the AWS SDK's default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profile, role)
            java.util.Map<String, String> settings = new java.util.HashMap<>();
            settings.put("region", s3Region);
            if (s3Endpoint != null) {
                settings.put("endpoint", s3Endpoint);
            }
            if (s3Access != null) {
                settings.put("access", s3Access);
            }
            if (s3RoleArn != null) {
                settings.put("roleArn", s3RoleArn);
            }
            if (s3StsEndpoint != null) {
                settings.put("stsEndpoint", s3StsEndpoint);
            }
            builder.root(home.toAbsolutePath()).roots(java.util.List.of(StorageRoot.s3("default", root, settings)));
            where = "root " + root + ", home " + home.toAbsolutePath();
        } else {
            builder.root(Path.of(root).toAbsolutePath());
            where = "root " + Path.of(root).toAbsolutePath();
        }
        if (credentialTtl != null) {
            builder.credentialTtl(credentialTtl);
        }
        if (stagingTtl != null) {
            builder.stagingTtl(stagingTtl);
        }
        if (retention != null) {
            builder.supersededFileRetention(retention);
        }
        if (leftoverGrace != null) {
            builder.leftoverGrace(leftoverGrace);
        }
        if (maintenanceInterval != null) {
            builder.maintenanceInterval(maintenanceInterval);
        }
        if (metadataUrl != null) {
            builder.metadataUrl(metadataUrl);
        }
        if (auth != null) {
            if (!auth.equals("users")) {
                System.err.println("--auth takes 'users', got '" + auth + "'");
                return 2;
            }
            if (authTokenEnv != null) {
                System.err.println("--auth users and --auth-token-env exclude each other");
                return 2;
            }
            builder.users(true);
            String bootstrap = System.getenv("DELTACAT_BOOTSTRAP_TOKEN");
            if (bootstrap != null && !bootstrap.isBlank()) {
                builder.bootstrapToken(bootstrap.strip());
            }
        }
        if (authTokenEnv != null) {
            String token = System.getenv(authTokenEnv);
            if (token == null || token.isBlank()) {
                System.err.println("environment variable " + authTokenEnv + " is empty");
                return 2;
            }
            builder.authToken(token);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        DeltacatServer server;
        try {
            server = builder.build().start();
        } catch (ServerStartException | IllegalArgumentException e) {
            // the message says what is wrong and what to do (root in use, port in use, ...): one line,
            // no stack trace; the cause's trace is there at debug level for a bug report
            LOG.error("cannot start the DeltaCAT server: {}", e.getMessage());
            LOG.debug("start failure", e);
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "deltacat-shutdown"));
        System.out.println("DeltaCAT server listening on " + server.uri() + " (" + where + ")");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
