package io.deltacat.ray.internal;

import io.deltacat.ray.RayClusterProvider;
import io.deltacat.ray.RayClusterProvider.ClusterRequest;
import io.deltacat.ray.RayClusterProvider.RayCluster;
import io.deltacat.ray.RayConfigException;
import io.deltacat.ray.RayLauncherConfig;
import io.deltacat.ray.internal.RayJobsApi.JobInfo;
import io.deltacat.server.dispatch.RunDispatcher;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs {@code ray} node runs as Ray jobs through the Jobs REST API.
 *
 * <p>Server settings (mode {@code ray}): {@code cluster-provider} ({@code existing} by default),
 * {@code address} (the {@code existing} cluster's dashboard URL), {@code payload-roots} (comma-separated
 * URI prefixes a node's {@code payload.py_modules} must be under), {@code payload-root} (where
 * {@code jobs().stageRayPayload} stores archives: a {@code file://} or {@code s3://} prefix, itself a
 * payload root), {@code payload-max-bytes} (an archive's limit, 8 MiB by default), {@code require-image-digest}
 * ({@code true}: {@code docker.image} must be pinned by digest), {@code runtime-pip} (comma-separated
 * pip requirements of the promoted DeltaCAT runtime, added to every job's {@code runtime_env}).
 *
 * <p>Node dispatch configuration: {@code entrypoint} (the shell command Ray runs, required) and
 * {@code cluster_config} (the launcher YAML, {@link RayLauncherConfig}; optional with {@code existing}).
 *
 * <p>The submission id of attempt {@code n} of run {@code r} is {@code deltacat-r-n}: before
 * submitting, the earlier attempts' ids are looked up and a live or succeeded one is re-attached, so a
 * server that lost its lease mid-run (a restart) never runs the run twice.
 */
final class RayDispatcher implements RunDispatcher {
    static final Set<String> NODE_KEYS = Set.of("entrypoint", "cluster_config");
    private static final int LOG_TAIL = 4000;

    private final Map<String, String> settings;
    private final RayClusterProvider provider;
    private final RayLauncherConfig.Policy policy;
    private final List<String> runtimePip;
    private final PayloadStore payloads;

    RayDispatcher(Map<String, String> settings) {
        this.settings = Map.copyOf(settings);
        String name = settings.getOrDefault("cluster-provider", "existing");
        Map<String, RayClusterProvider> found = new TreeMap<>();
        for (RayClusterProvider p : ServiceLoader.load(RayClusterProvider.class, RayDispatcher.class.getClassLoader())) {
            found.putIfAbsent(p.name(), p);
        }
        this.provider = found.get(name);
        if (provider == null) {
            throw new IllegalArgumentException("cluster-provider: no Ray cluster provider '" + name + "' (found: "
                    + found.keySet() + ")");
        }
        if (name.equals("existing")) {
            ExistingClusterProvider.address(settings); // fail at start, not at the first run
        }
        this.payloads = PayloadStore.of(settings);
        List<String> roots = new java.util.ArrayList<>(list(settings.get("payload-roots")));
        if (payloads != null && !roots.contains(payloads.root())) {
            roots.add(payloads.root()); // what this server stages, nodes may name
        }
        this.policy = new RayLauncherConfig.Policy(roots,
                Boolean.parseBoolean(settings.getOrDefault("require-image-digest", "false")));
        this.runtimePip = list(settings.get("runtime-pip"));
    }

    private static List<String> list(String csv) {
        return csv == null || csv.isBlank() ? List.of()
                : Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public void validate(Map<String, String> config) {
        for (String k : config.keySet()) {
            if (!NODE_KEYS.contains(k)) {
                throw new RayConfigException(k, "unknown key; known: " + new TreeMap<>(Map.of("entrypoint", "",
                        "cluster_config", "")).keySet());
            }
        }
        String entrypoint = config.get("entrypoint");
        if (entrypoint == null || entrypoint.isBlank()) {
            throw new RayConfigException("entrypoint", "is required (the command the Ray job runs)");
        }
        launcher(config).ifPresent(c -> c.validate(policy));
    }

    private static Optional<RayLauncherConfig> launcher(Map<String, String> config) {
        String yaml = config.get("cluster_config");
        if (yaml == null || yaml.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(RayLauncherConfig.parse(yaml));
        } catch (RayConfigException e) {
            throw new RayConfigException("cluster_config", e.getMessage());
        }
    }

    @Override
    public StagedPayload stagePayload(String name, byte[] archive) throws Exception {
        if (payloads == null) {
            throw new io.deltacat.api.error.UnsupportedFeatureException("this server stages no Ray payloads: its ray"
                    + " dispatcher has no " + PayloadStore.ROOT + " setting");
        }
        return payloads.stage(name, archive);
    }

    @Override
    public Access access(RunRef run) throws Exception {
        RayCluster c = cluster(run);
        return new Access(c.provider(), c.dashboardUrl(), c.details());
    }

    @Override
    public CommandSent sendCommand(RunRef run, List<String> commands, String target) throws Exception {
        RayClusterProvider.CommandSent sent = provider.sendCommand(cluster(run), commands, target);
        return new CommandSent(sent.commandId(), sent.instanceIds());
    }

    /** The run's cluster as its provider finds it now (nothing is provisioned to answer). */
    private RayCluster cluster(RunRef run) throws Exception {
        RayLauncherConfig config = launcher(run.config()).orElse(null);
        return provider.find(new ClusterRequest(run.runId(), run.nodeId(), config, settings))
                .orElseThrow(() -> new io.deltacat.api.error.NotFoundException("run " + run.runId()
                        + " has no Ray cluster now (not started yet, or terminated after the run)"));
    }

    static String submissionId(String runId, int attempt) {
        return "deltacat-" + runId + "-" + attempt;
    }

    @Override
    public RemoteRun launch(RunLaunch launch) throws Exception {
        RayLauncherConfig config = launcher(launch.config()).orElse(null);
        RayCluster cluster = provider.acquire(new ClusterRequest(launch.runId(), launch.nodeId(), config, settings));
        RayJobsApi api = new RayJobsApi(cluster.dashboardUrl());
        // this attempt, then earlier ones, newest first: a live or succeeded Ray job of the run is its execution
        for (int a = launch.attempt(); a >= 1; a--) {
            String sid = submissionId(launch.runId(), a);
            Optional<JobInfo> info = api.get(sid);
            if (info.isPresent() && (info.get().live() || "SUCCEEDED".equals(info.get().status()))) {
                return new RayRun(api, sid, true, provider, cluster, config);
            }
            if (a == launch.attempt() && info.isPresent()) {
                // this attempt's job exists and ended badly: report it (the run fails and retries)
                return new RayRun(api, sid, true, provider, cluster, config);
            }
        }
        String sid = submissionId(launch.runId(), launch.attempt());
        try {
            api.submit(submitRequest(launch, config, runtimePip, sid));
        } catch (java.io.IOException e) {
            // a submission whose answer was lost is there now: attach to it
            if (api.get(sid).isEmpty()) {
                throw e;
            }
        }
        return new RayRun(api, sid, false, provider, cluster, config);
    }

    /**
     * What Ray is sent for a run: its entrypoint, the submission id, a {@code runtime_env} with the
     * run's env vars, the payload's {@code py_modules} and the promoted runtime ({@code pip}), and
     * metadata naming the run and node.
     */
    static RayJobsApi.SubmitRequest submitRequest(RunLaunch launch, RayLauncherConfig config, List<String> runtimePip,
                                                  String sid) {
        return new RayJobsApi.SubmitRequest(launch.config().get("entrypoint"), sid, runtimeEnv(launch, config,
                runtimePip), Map.of("deltacat_run", launch.runId(), "deltacat_node", launch.nodeId()));
    }

    private static Map<String, Object> runtimeEnv(RunLaunch launch, RayLauncherConfig config, List<String> runtimePip) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("env_vars", new TreeMap<>(launch.env()));
        List<String> modules = config == null ? List.of() : config.pyModules();
        if (!modules.isEmpty()) {
            env.put("py_modules", modules);
        }
        if (!runtimePip.isEmpty()) {
            env.put("pip", runtimePip);
        }
        return env;
    }

    /** One Ray job followed for a run. */
    private static final class RayRun implements RemoteRun {
        private final RayJobsApi api;
        private final String sid;
        private final boolean reattached;
        private final RayClusterProvider provider;
        private final RayCluster cluster;
        private final RayLauncherConfig config;
        private boolean released;

        RayRun(RayJobsApi api, String sid, boolean reattached, RayClusterProvider provider, RayCluster cluster,
               RayLauncherConfig config) {
            this.api = api;
            this.sid = sid;
            this.reattached = reattached;
            this.provider = provider;
            this.cluster = cluster;
            this.config = config;
        }

        @Override
        public String id() {
            return sid;
        }

        @Override
        public boolean reattached() {
            return reattached;
        }

        @Override
        public RemoteStatus status() throws Exception {
            JobInfo info = api.get(sid).orElse(null);
            if (info == null) {
                return ended(new RemoteStatus(RemoteStatus.State.FAILED, "Ray job " + sid + " is gone from the cluster"));
            }
            switch (info.status()) {
                case "PENDING":
                    return new RemoteStatus(RemoteStatus.State.PENDING, info.message());
                case "RUNNING":
                    return new RemoteStatus(RemoteStatus.State.RUNNING, info.message());
                case "SUCCEEDED":
                    return ended(new RemoteStatus(RemoteStatus.State.SUCCEEDED, info.message()));
                default:
                    String logs;
                    try {
                        logs = api.logs(sid);
                    } catch (Exception e) {
                        logs = "(logs unavailable: " + e.getMessage() + ")";
                    }
                    String tail = logs.length() > LOG_TAIL ? logs.substring(logs.length() - LOG_TAIL) : logs;
                    return ended(new RemoteStatus(RemoteStatus.State.FAILED, "Ray job " + sid + " " + info.status()
                            + (info.errorType() == null ? "" : " (" + info.errorType() + ")") + ": " + info.message()
                            + "\n--- log tail ---\n" + tail));
            }
        }

        private RemoteStatus ended(RemoteStatus s) {
            if (!released && config != null) {
                released = true;
                try {
                    provider.release(cluster, config);
                } catch (Exception e) {
                    // the run's outcome stands; the cluster is the provider's to clean up
                    org.slf4j.LoggerFactory.getLogger(RayDispatcher.class).warn("releasing cluster for {} failed: {}",
                            sid, e.getMessage());
                }
            }
            return s;
        }

        @Override
        public void stop() throws Exception {
            api.stop(sid);
            ended(new RemoteStatus(RemoteStatus.State.FAILED, "stopped"));
        }
    }
}
