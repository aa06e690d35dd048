package io.deltacat.server;

import io.deltacat.server.internal.auth.AccessRules;
import io.deltacat.server.internal.auth.Users;
import io.deltacat.server.internal.autocompaction.AutoCompaction;
import io.deltacat.server.internal.catalog.Catalog;
import io.deltacat.server.internal.catalog.Maintenance;
import io.deltacat.server.internal.gc.GarbageCollector;
import io.deltacat.server.internal.http.ApiHandler;
import io.deltacat.server.internal.http.ApiRoutes;
import io.deltacat.server.internal.http.Json;
import io.deltacat.server.internal.http.ProblemErrorHandler;
import io.deltacat.server.internal.jobs.JobServices;
import io.deltacat.server.dispatch.RunDispatcher;
import io.deltacat.server.dispatch.RunDispatcherProvider;
import io.deltacat.server.internal.jobs.LocalJobRunner;
import io.deltacat.server.internal.pipelines.RemoteRuns;
import io.deltacat.server.internal.pipelines.RunEnv;
import io.deltacat.server.internal.placement.Placements;
import io.deltacat.server.internal.placement.ReplicationRunner;
import io.deltacat.server.internal.pipelines.PipelineServices;
import io.deltacat.server.internal.store.Database;
import io.deltacat.server.internal.store.RootLock;
import io.deltacat.server.internal.storage.DataAccess;
import io.deltacat.server.internal.storage.Roots;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embeddable DeltaCAT reference server: the HTTP API of {@code openapi/deltacat-api.yaml}, with
 * its metadata in SQLite and its data under a local root directory.
 *
 * <pre>{@code
 * try (DeltacatServer server = DeltacatServer.builder()
 *         .root(Path.of("/data/deltacat"))
 *         .port(0)                      // an ephemeral port
 *         .build()
 *         .start()) {
 *     URI endpoint = server.uri();      // http://127.0.0.1:PORT
 *     ...
 * }
 * }</pre>
 *
 * Everything committed lives in the metadata database and the data root, so a new server on the same
 * root sees it all. A background task expires abandoned staged writes every minute;
 * {@link #runMaintenance()} runs it on demand.
 */
public final class DeltacatServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeltacatServer.class);
    private static final String SQLITE_URL = "jdbc:sqlite:";

    /** One HTTP exchange as the server answered it, for contract tests and auditing. */
    public record Exchange(String method, String rawPath, String route, int status, byte[] requestBody,
                           String responseContentType, byte[] responseBody) {
        /**
         * @param method            the HTTP method
         * @param rawPath           the request path as sent, still percent-encoded, without the query
         * @param route             the matched route, e.g. {@code GET /v1/namespaces/{namespace}}; empty when none matched
         * @param status            the response status
         * @param requestBody       the request body as read (empty when not read)
         * @param responseContentType the response's content type; empty without a body
         * @param responseBody      the response body (empty for 204)
         */
        public Exchange {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(route, "route");
        }
    }

    /** Receives every exchange, on the thread that handled it, before the response is sent. */
    @FunctionalInterface
    public interface ExchangeListener {
        void onExchange(Exchange exchange);
    }

    private final Builder config;
    private Database database;
    private Users users;
    private Catalog catalog;
    private ApiRoutes routes;
    private GarbageCollector gc;
    private JobServices jobs;
    private LocalJobRunner localJobs;
    private Map<String, RunDispatcher> dispatchers = Map.of();
    private final List<RemoteRuns> remoteRuns = new ArrayList<>();
    private Placements placements;
    private ReplicationRunner replication;
    private AutoCloseable leaseReclaimer;
    private AutoCompaction autoCompaction;
    private PipelineServices pipelines;
    private ScheduledExecutorService pipelineTicker;
    private Server jetty;
    private ServerConnector connector;
    private final List<RootLock> locks = new ArrayList<>();
    private URI started;

    private DeltacatServer(Builder config) {
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens the metadata database (migrating it), binds the HTTP port and starts the maintenance task.
     * With SQLite metadata the server first locks {@code <root>/.deltacat/server.lock} (and a
     * {@code .lock} file beside a SQLite file kept elsewhere) for its whole life: one SQLite database
     * has one server. Servers sharing a PostgreSQL database take no lock.
     *
     * @return this server, running
     * @throws RootInUseException   when another server already serves this root with SQLite metadata
     * @throws PortInUseException   when the port is taken
     * @throws ServerStartException when it cannot start for another reason (the message says why)
     * @throws IllegalStateException when it is already started
     */
    public synchronized DeltacatServer start() {
        if (jetty != null) {
            throw new IllegalStateException("already started");
        }
        try {
            Path root = config.root.toAbsolutePath().normalize();
            Files.createDirectories(root);
            String metadata;
            if (config.metadataUrl != null && !config.metadataUrl.startsWith(SQLITE_URL)) {
                database = Database.open(config.metadataUrl, config.metadataPoolSize);
                metadata = database.description();
            } else {
                Path defaultFile = root.resolve(".deltacat").resolve("metadata.db");
                Path file = config.metadataUrl != null ? Path.of(config.metadataUrl.substring(SQLITE_URL.length()))
                        : config.metadataPath != null ? config.metadataPath : defaultFile;
                file = file.toAbsolutePath().normalize();
                locks.add(RootLock.acquire(root, root.resolve(".deltacat").resolve("server.lock")));
                if (!file.equals(defaultFile)) {
                    locks.add(RootLock.acquire(file, file.resolveSibling(file.getFileName() + ".lock")));
                }
                database = Database.openSqlite(file);
                metadata = file.toString();
            }
            Roots roots;
            try {
                roots = Roots.open(config.roots.isEmpty() ? List.of(StorageRoot.local("default", root)) : config.roots);
            } catch (java.io.IOException | RuntimeException e) {
                throw new ServerStartException(e.getMessage(), e);
            }
            catalog = new Catalog(database, roots, config.clock, config.stagingTtl, Json.MAPPER,
                    config.supersededRetention, config.leftoverGrace);
            catalog.namespaces().ensureDefaultNamespace();
            jobs = JobServices.create(database, config.clock, Json.MAPPER, config.jobRetryBackoff);
            dispatchers = openDispatchers(config.dispatchers);
            pipelines = PipelineServices.create(database, catalog, jobs, Json.MAPPER, dispatchers);
            catalog.listeners().add(pipelines.runs()::onTableCommitted);
            autoCompaction = new AutoCompaction(database, catalog, jobs.queue());
            catalog.listeners().add(autoCompaction::committed);
            if (config.users) {
                if (config.authToken != null) {
                    throw new IllegalArgumentException("a server has users or one shared token, not both");
                }
                users = new Users(database, catalog::nowNs);
                users.bootstrap(config.bootstrapToken).ifPresent(secret -> {
                    if (config.bootstrapToken == null) {
                        // shown once, on the console only: never to the log, which may be shipped elsewhere
                        System.out.println("DeltaCAT: first start with users: the admin user's token is " + secret
                                + "\nDeltaCAT: keep it safe; it is not shown again (issue others with it).");
                    }
                });
            }
            placements = new Placements(database, catalog.placementView(), jobs.queue(), config.supersededRetention);
            catalog.listeners().add(placements::committed);
            routes = new ApiRoutes(catalog, jobs, pipelines, users, config.catalogName,
                    new DataAccess(roots, config.credentialTtl), placements);
            AccessRules.requireRules(routes.routeNames());
            routes.advertise(config.extensions.stream().flatMap(e -> e.capabilities().stream()).distinct().toList());

            QueuedThreadPool threads = new QueuedThreadPool(config.maxThreads, 2);
            threads.setName("deltacat-http");
            threads.setDaemon(true);
            jetty = new Server(threads);
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            // Jetty reuses header fields seen earlier on a connection and by default matches them
            // ignoring case, which would hand a later "Bearer TOK" the cached "Bearer tok": a token
            // must be compared exactly as sent
            http.setHeaderCacheCaseSensitive(true);
            // Encoded slashes and dot segments must reach the router, which refuses them as names.
            http.setUriCompliance(UriCompliance.DEFAULT.with("deltacat",
                    UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
                    UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT,
                    UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
                    UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT,
                    UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS));
            connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
            connector.setHost(config.host);
            connector.setPort(config.port);
            jetty.addConnector(connector);
            org.eclipse.jetty.server.Handler api = new ApiHandler(routes, database, catalog.idempotency(),
                    config.maxBodyBytes, config.authToken, users, config.listener, config.answerFault);
            jetty.setHandler(config.extensions.isEmpty() ? api : extensions(api));
            jetty.setErrorHandler(new ProblemErrorHandler());
            jetty.start();
            gc = new GarbageCollector(catalog.maintenance(), jobs.lapsedLeases(), config.maintenanceInterval);
            leaseReclaimer = jobs.lapsedLeases().startReclaimer(config.leaseReclaimInterval);
            if (config.localJobs) {
                replication = new ReplicationRunner(database, jobs.queue(), jobs.leases(), catalog.placementView(),
                        placements, config.replicationRunners, config.replicationCopyThreads,
                        config.replicationCheckInterval);
                localJobs = new LocalJobRunner(jobs.queue(), jobs.leases(), catalog.compactions());
            }
            io.deltacat.server.internal.auth.RunTokens runTokens = new io.deltacat.server.internal.auth.RunTokens(database);
            for (Map.Entry<String, RunDispatcher> d : dispatchers.entrySet()) {
                String url = config.dispatchers.get(d.getKey()).getOrDefault(RunDispatcherProvider.SERVER_URL,
                        uri().toString());
                remoteRuns.add(new RemoteRuns(d.getKey(), d.getValue(), jobs.queue(), jobs.leases(),
                        pipelines.completion(), job -> RunEnv.of(url, job, runToken(runTokens, job.id()))));
            }
            pipelineTicker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "deltacat-pipeline-scheduler");
                t.setDaemon(true);
                return t;
            });
            long tickMs = Math.max(1, config.schedulerInterval.toMillis());
            pipelineTicker.scheduleWithFixedDelay(this::tickQuietly, tickMs, tickMs, TimeUnit.MILLISECONDS);
            LOG.info("DeltaCAT server listening on {} (data roots {}, home {}, metadata {})", uri(),
                    roots.all().stream().map(r -> r.name() + "=" + r.uri()).toList(), root, metadata);
            started = uri();
            return this;
        } catch (ServerStartException e) {
            close();
            throw e;
        } catch (Exception e) {
            close();
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException) {
                    throw new PortInUseException(config.host, config.port, t);
                }
            }
            throw new ServerStartException("cannot start the DeltaCAT server: " + e.getMessage(), e);
        }
    }

    /** The REST API behind a gate per extension (each authenticates its own path, then serves it). */
    private org.eclipse.jetty.server.Handler extensions(org.eclipse.jetty.server.Handler api) {
        org.eclipse.jetty.server.Handler.Sequence all = new org.eclipse.jetty.server.Handler.Sequence();
        ServerExtension.Context context = new ServerExtension.Context() {
            @Override public URI uri() { return DeltacatServer.this.uri(); }
            @Override public String catalogName() { return config.catalogName; }
            @Override public boolean authenticated() { return config.users || config.authToken != null; }
        };
        for (ServerExtension e : config.extensions) {
            all.addHandler(new io.deltacat.server.internal.http.ExtensionGate(e.pathPrefix(), e.handler(context),
                    config.authToken, users, new io.deltacat.server.internal.auth.RunTokens(database)));
        }
        all.addHandler(api);
        return all;
    }

    /** The base URI, e.g. {@code http://127.0.0.1:8080}. */
    public URI uri() {
        return URI.create("http://" + (config.host.contains(":") ? "[" + config.host + "]" : config.host) + ":" + port());
    }

    /** The bound port (the ephemeral one when built with port 0). */
    public int port() {
        if (connector == null) {
            throw new IllegalStateException("not started");
        }
        return connector.getLocalPort();
    }

    /** The routes served, as "METHOD /v1/template", exactly as {@code GET /v1/config} lists them. */
    public List<String> routes() {
        if (routes == null) {
            throw new IllegalStateException("not started");
        }
        return routes.routeNames();
    }

    /**
     * Runs the maintenance task now: open writes past their expiry are marked expired and their staged
     * files deleted; idempotency answers older than 24 hours are forgotten; jobs whose lease lapsed
     * return to pending after a backoff (or fail with "lease lost" after their last attempt); data
     * files superseded (by a compaction or a replace) for longer than the retention window are deleted.
     *
     * @return the number of writes expired plus the number of lapsed leases handled
     */
    public int runMaintenance() {
        if (gc == null) {
            throw new IllegalStateException("not started");
        }
        return gc.runNow();
    }

    /**
     * Runs one pass of the pipeline scheduler now, at the server clock's instant: due schedules of
     * unpaused nodes get a run (never a second active one; at most one missed fire is caught up) and
     * event-triggered nodes with unconsumed source deltas get one. The server also runs it every
     * {@link Builder#schedulerInterval}.
     *
     * @return the number of runs created
     */
    public int runScheduler() {
        if (pipelines == null) {
            throw new IllegalStateException("not started");
        }
        try {
            return pipelines.scheduler().tick();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("pipeline scheduler failed: " + e.getMessage(), e);
        }
    }

    private void tickQuietly() {
        try {
            runScheduler();
        } catch (RuntimeException e) {
            LOG.warn("pipeline scheduler pass failed", e);
        }
    }

    /** Stops serving, the maintenance task and the database. Safe to call more than once. */
    @Override
    public synchronized void close() {
        if (pipelineTicker != null) {
            pipelineTicker.shutdownNow();
            try {
                pipelineTicker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pipelineTicker = null;
        }
        for (RemoteRuns r : remoteRuns) {
            r.close();
        }
        remoteRuns.clear();
        for (RunDispatcher d : dispatchers.values()) {
            d.close();
        }
        dispatchers = Map.of();
        if (autoCompaction != null) {
            autoCompaction.close();
            autoCompaction = null;
        }
        if (localJobs != null) {
            localJobs.close();
            localJobs = null;
        }
        if (replication != null) {
            replication.close();
            replication = null;
        }
        if (leaseReclaimer != null) {
            try {
                leaseReclaimer.close();
            } catch (Exception e) {
                LOG.warn("stopping the lease reclaimer failed", e);
            }
            leaseReclaimer = null;
        }
        if (gc != null) {
            gc.close();
            gc = null;
        }
        if (jetty != null) {
            try {
                jetty.stop();
            } catch (Exception e) {
                LOG.warn("stopping the HTTP server failed", e);
            }
        }
        if (database != null) {
            database.close();
            database = null;
        }
        // after the database is closed: the next server may open it as soon as the lock is free
        for (RootLock lock : locks) {
            lock.close();
        }
        locks.clear();
        if (started != null) {
            LOG.info("DeltaCAT server on {} stopped", started);
            started = null;
        }
    }

    private static String runToken(io.deltacat.server.internal.auth.RunTokens tokens, String runId) {
        try {
            return tokens.token(runId);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read the run-token key: " + e.getMessage(), e);
        }
    }

    private static Map<String, RunDispatcher> openDispatchers(Map<String, Map<String, String>> wanted) {
        Map<String, RunDispatcher> out = new TreeMap<>();
        if (wanted.isEmpty()) {
            return out;
        }
        Map<String, RunDispatcherProvider> found = new TreeMap<>();
        for (RunDispatcherProvider p : ServiceLoader.load(RunDispatcherProvider.class)) {
            found.putIfAbsent(p.mode(), p);
        }
        for (Map.Entry<String, Map<String, String>> w : wanted.entrySet()) {
            RunDispatcherProvider p = found.get(w.getKey());
            if (p == null) {
                throw new ServerStartException("no dispatcher for mode '" + w.getKey() + "' on the module path"
                        + " (found: " + found.keySet() + "); add its module, e.g. ray-dispatch", null);
            }
            try {
                out.put(w.getKey(), p.open(w.getValue()));
            } catch (IllegalArgumentException e) {
                throw new ServerStartException("dispatcher '" + w.getKey() + "': " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Settings of a {@link DeltacatServer}; every one has a default. */
    public static final class Builder {
        private Path root = Path.of("deltacat-data");
        private String host = "127.0.0.1";
        private int port = 0;
        private Path metadataPath;
        private String catalogName = "default";
        private Clock clock = Clock.systemUTC();
        private Duration stagingTtl = Duration.ofHours(1);
        private Duration supersededRetention = Maintenance.DEFAULT_SUPERSEDED_RETENTION;
        private Duration leftoverGrace = Maintenance.DEFAULT_LEFTOVER_GRACE;
        private long maxBodyBytes = 8L << 20;
        private String authToken;
        private ExchangeListener listener;
        private Predicate<Exchange> answerFault;
        private boolean users;
        private String bootstrapToken;
        private Duration maintenanceInterval = Duration.ofMinutes(1);
        private int maxThreads = 16;
        private String metadataUrl;
        private int metadataPoolSize = 10;
        private Duration jobRetryBackoff = Duration.ofSeconds(1);
        private boolean localJobs = true;
        private int replicationRunners = 2;
        private int replicationCopyThreads = 4;
        private Duration replicationCheckInterval = Duration.ofSeconds(5);
        private Duration schedulerInterval = Duration.ofSeconds(1);
        private Duration leaseReclaimInterval = Duration.ofSeconds(1);
        private List<StorageRoot> roots = List.of();
        private Duration credentialTtl = Duration.ofMinutes(15);
        private List<ServerExtension> extensions = List.of();
        private Map<String, Map<String, String>> dispatchers = Map.of();

        private Builder() {
        }

        /**
         * How often lapsed job leases are returned to the queue (default 1 second; a claim that finds
         * fewer jobs than it asked for returns them too, and so does {@link DeltacatServer#runMaintenance()}).
         */
        public Builder leaseReclaimInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("leaseReclaimInterval must be positive");
            }
            this.leaseReclaimInterval = interval;
            return this;
        }

        /**
         * The data roots (the first is the default), replacing the local root {@link #root} names; that
         * directory then only holds the server's own state ({@code .deltacat}: the SQLite database and
         * its lock). Default: none, so the data lives under {@link #root}.
         */
        public Builder roots(List<StorageRoot> roots) {
            this.roots = List.copyOf(roots);
            return this;
        }

        /**
         * How long the storage access vended to clients lasts: presigned URLs exactly, STS keys at least
         * 15 minutes (default 15 minutes). Clients renew it before it lapses.
         */
        public Builder credentialTtl(Duration ttl) {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("credentialTtl must be positive");
            }
            this.credentialTtl = ttl;
            return this;
        }

        /** How often the pipeline scheduler checks schedules and unconsumed deltas (default 1 second). */
        public Builder schedulerInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("schedulerInterval must be positive");
            }
            this.schedulerInterval = interval;
            return this;
        }

        /**
         * Keeps the metadata (catalog, commit log, jobs) in the database at this JDBC URL instead of the
         * embedded SQLite file: {@code jdbc:postgresql://host:port/db?user=u&password=p} lets several
         * server processes share one catalog and job queue ({@code jdbc:sqlite:/path} works too).
         * Default: none (SQLite under the root, or {@link #metadataPath}).
         */
        public Builder metadataUrl(String jdbcUrl) {
            this.metadataUrl = jdbcUrl;
            return this;
        }

        /** The most metadata connections for PostgreSQL (default 10). */
        public Builder metadataPoolSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("metadataPoolSize must be >= 1");
            }
            this.metadataPoolSize = size;
            return this;
        }

        /**
         * The delay before the first retry of a failed job attempt (default 1 s); it doubles with every
         * attempt, up to 10 minutes.
         */
        public Builder jobRetryBackoff(Duration backoff) {
            if (backoff.isNegative()) {
                throw new IllegalArgumentException("jobRetryBackoff must be >= 0");
            }
            this.jobRetryBackoff = backoff;
            return this;
        }

        /**
         * Replication of placed tables (placement): how many placements are copied at once (default 2),
         * how many files each copies at once (default 4), and how often placements that are behind
         * with no job queued (after a crash, or a job that gave up) get one (default 5 s).
         */
        public Builder replication(int runners, int copyThreads, Duration checkInterval) {
            if (runners < 1 || copyThreads < 1 || checkInterval.isNegative() || checkInterval.isZero()) {
                throw new IllegalArgumentException("replication needs runners >= 1, copyThreads >= 1 and a positive"
                        + " check interval");
            }
            this.replicationRunners = runners;
            this.replicationCopyThreads = copyThreads;
            this.replicationCheckInterval = checkInterval;
            return this;
        }

        /** Whether this server runs the jobs it dispatches to itself, e.g. compaction (default true). */
        public Builder localJobs(boolean enabled) {
            this.localJobs = enabled;
            return this;
        }

        /**
         * The data root directory (default {@code ./deltacat-data}), created when missing; with
         * {@link #roots} set, the directory of the server's own state only.
         */
        public Builder root(Path root) {
            this.root = Objects.requireNonNull(root, "root");
            return this;
        }

        /** The address to bind (default {@code 127.0.0.1}). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port to bind; 0 (the default) picks an ephemeral one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** The SQLite metadata file (default {@code <root>/.deltacat/metadata.db}). */
        public Builder metadataPath(Path metadataPath) {
            this.metadataPath = metadataPath;
            return this;
        }

        /** The catalog's name (default {@code default}). */
        public Builder catalogName(String catalogName) {
            this.catalogName = Objects.requireNonNull(catalogName, "catalogName");
            return this;
        }

        /**
         * The time source for commit times, write expiry, idempotency expiry, job leases and retry
         * backoff (default: system UTC).
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How long a staged write stays open before garbage collection (default 1 hour). */
        public Builder stagingTtl(Duration stagingTtl) {
            if (stagingTtl.isNegative() || stagingTtl.isZero()) {
                throw new IllegalArgumentException("stagingTtl must be positive");
            }
            this.stagingTtl = stagingTtl;
            return this;
        }

        /**
         * How long data files superseded by a compaction or a replace, and the files of a dropped table,
         * stay on storage, so that reads as of a time within this window still work (default 7 days);
         * maintenance deletes them after.
         */
        public Builder supersededFileRetention(Duration retention) {
            if (retention.isNegative()) {
                throw new IllegalArgumentException("supersededFileRetention must not be negative");
            }
            this.supersededRetention = retention;
            return this;
        }

        /** The largest request body accepted (default 8 MiB); larger ones get 413. */
        public Builder maxBodyBytes(long maxBodyBytes) {
            if (maxBodyBytes < 0) {
                throw new IllegalArgumentException("maxBodyBytes must be >= 0");
            }
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /** When set, every request needs {@code Authorization: Bearer <token>} (default: no auth). */
        public Builder authToken(String authToken) {
            this.authToken = authToken;
            return this;
        }

        /**
         * Turns users on (default off): every request needs a token issued to a user, and each route
         * checks the user's roles (admin, worker, user; owner, writer, reader per namespace). At the
         * first start (no user yet) an {@code admin} user is created with the
         * {@linkplain #bootstrapToken bootstrap token}, or with a new one printed once on standard
         * output. Not together with {@link #authToken}.
         */
        public Builder users(boolean enabled) {
            this.users = enabled;
            return this;
        }

        /**
         * The admin's token at the first start of a server with users (default: a new one, printed
         * once): {@code dct_} and at least 43 base64url characters (256 bits), e.g. from an
         * environment variable. Ignored once users exist.
         */
        public Builder bootstrapToken(String token) {
            this.bootstrapToken = token;
            return this;
        }

        /** Receives every exchange (default: none). */
        public Builder exchangeListener(ExchangeListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * For fault-injection tests only (default: none): when {@code fault} returns true for an
         * exchange, the server drops the connection instead of sending the answer, after the operation
         * ran, as if the answer were lost on its way back. A client's resend with the same
         * {@code Idempotency-Key} must then meet the first outcome.
         */
        public Builder answerFault(Predicate<Exchange> fault) {
            this.answerFault = fault;
            return this;
        }

        /**
         * How old a file under the data root that no catalog entry references (left by a write or a
         * compaction killed half way) must be before maintenance deletes it (default 1 hour; zero
         * deletes such files at the next pass, for tests and single-writer tools).
         */
        public Builder leftoverGrace(Duration grace) {
            if (grace.isNegative()) {
                throw new IllegalArgumentException("leftoverGrace must not be negative");
            }
            this.leftoverGrace = grace;
            return this;
        }

        /** How often the background maintenance runs (default 1 minute; it also runs at start). */
        public Builder maintenanceInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("maintenanceInterval must be positive");
            }
            this.maintenanceInterval = interval;
            return this;
        }

        /** The most HTTP worker threads (default 16). */
        public Builder maxThreads(int maxThreads) {
            if (maxThreads < 4) {
                throw new IllegalArgumentException("maxThreads must be >= 4");
            }
            this.maxThreads = maxThreads;
            return this;
        }

        /**
         * Adds an extension served beside the REST API under its own path (default: none), e.g. the MCP
         * server at {@code /mcp}.
         *
         * @throws IllegalArgumentException when its path is malformed, {@code /v1}, or already taken
         */
        public Builder extension(ServerExtension extension) {
            String p = extension.pathPrefix();
            if (p == null || !p.matches("/[A-Za-z0-9._-]+") || p.equals("/v1")
                    || extensions.stream().anyMatch(e -> e.pathPrefix().equals(p))) {
                throw new IllegalArgumentException("an extension needs a path of its own like /mcp, not " + p);
            }
            List<ServerExtension> all = new ArrayList<>(extensions);
            all.add(extension);
            this.extensions = List.copyOf(all);
            return this;
        }

        /**
         * Runs node runs of dispatch mode {@code mode} (e.g. {@code ray}) through the
         * {@link RunDispatcherProvider} of that mode found on the module path, opened with these
         * settings (the provider documents them). Without this, nodes of that mode are refused.
         */
        public Builder dispatcher(String mode, Map<String, String> settings) {
            Map<String, Map<String, String>> next = new TreeMap<>(dispatchers);
            next.put(mode, Map.copyOf(settings));
            this.dispatchers = Map.copyOf(next);
            return this;
        }

        /** A server with these settings (a copy: later changes to this builder do not affect it), not yet started. */
        public DeltacatServer build() {
            Builder copy = new Builder();
            copy.root = root;
            copy.host = host;
            copy.port = port;
            copy.metadataPath = metadataPath;
            copy.catalogName = catalogName;
            copy.clock = clock;
            copy.stagingTtl = stagingTtl;
            copy.supersededRetention = supersededRetention;
            copy.leftoverGrace = leftoverGrace;
            copy.maxBodyBytes = maxBodyBytes;
            copy.authToken = authToken;
            copy.listener = listener;
            copy.answerFault = answerFault;
            copy.users = users;
            copy.bootstrapToken = bootstrapToken;
            copy.maintenanceInterval = maintenanceInterval;
            copy.maxThreads = maxThreads;
            copy.metadataUrl = metadataUrl;
            copy.metadataPoolSize = metadataPoolSize;
            copy.jobRetryBackoff = jobRetryBackoff;
            copy.localJobs = localJobs;
            copy.replicationRunners = replicationRunners;
            copy.replicationCopyThreads = replicationCopyThreads;
            copy.replicationCheckInterval = replicationCheckInterval;
            copy.schedulerInterval = schedulerInterval;
            copy.leaseReclaimInterval = leaseReclaimInterval;
            copy.roots = roots;
            copy.credentialTtl = credentialTtl;
            copy.extensions = extensions;
            copy.dispatchers = dispatchers;
            return new DeltacatServer(copy);
        }
    }
}
