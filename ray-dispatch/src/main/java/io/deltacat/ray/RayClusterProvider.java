package io.deltacat.ray;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A source of Ray clusters for {@code ray} node runs, found with {@link java.util.ServiceLoader} by
 * {@link #name()} (the dispatcher setting {@code cluster-provider}). {@code existing} is a configured
 * Ray address (tests, on-premises clusters); {@code aws} provisions EC2 instances from the launcher YAML.
 */
public interface RayClusterProvider {
    /** The provider's name, e.g. {@code existing}. */
    String name();

    /**
     * The cluster a run goes to: provisioned or found for it. Called again for the same run after a
     * server restart, so it must find what it provisioned before (e.g. by the cluster's name).
     */
    RayCluster acquire(ClusterRequest request) throws Exception;

    /**
     * The cluster of a run if it exists now, without provisioning anything (the access helpers ask
     * this). The default asks {@link #acquire}, right for providers that provision nothing.
     */
    default Optional<RayCluster> find(ClusterRequest request) throws Exception {
        return Optional.of(acquire(request));
    }

    /**
     * Runs shell commands on the cluster's instances (AWS: SSM {@code AWS-RunShellScript}).
     *
     * @param target {@code head} or {@code all} (head and workers)
     * @throws io.deltacat.api.error.UnsupportedFeatureException when the provider cannot
     */
    default CommandSent sendCommand(RayCluster cluster, List<String> commands, String target) throws Exception {
        throw new io.deltacat.api.error.UnsupportedFeatureException("the '" + name() + "' Ray cluster provider"
                + " runs no commands on its clusters");
    }

    /**
     * A command sent.
     *
     * @param commandId   the provider's id of it (an SSM command id)
     * @param instanceIds where it runs
     */
    record CommandSent(String commandId, List<String> instanceIds) {
        public CommandSent {
            instanceIds = List.copyOf(instanceIds);
        }
    }

    /**
     * The run ended: terminate the cluster unless its policy keeps it ({@code cluster_shutdown_policy}).
     */
    default void release(RayCluster cluster, RayLauncherConfig config) throws Exception {
    }

    /**
     * What a run asks of a provider.
     *
     * @param runId    the run (job id)
     * @param nodeId   the node
     * @param config   the node's launcher config; null when the node gave none
     * @param settings the dispatcher's settings (the server's, for mode {@code ray})
     */
    record ClusterRequest(String runId, String nodeId, RayLauncherConfig config, Map<String, String> settings) {
    }

    /**
     * A cluster: where its Jobs API is, and what the provider knows of it (region, cluster name,
     * head instance id and private IP, worker ids, launch template: the access helpers' answer).
     *
     * @param provider     the provider's name
     * @param dashboardUrl the Ray dashboard's URL (Jobs API under {@code /api/jobs/})
     * @param details      provider facts about the cluster
     */
    record RayCluster(String provider, String dashboardUrl, Map<String, String> details) {
        public RayCluster {
            details = Map.copyOf(details);
        }
    }
}
