package io.deltacat.ray.internal.aws;

import io.deltacat.ray.RayClusterProvider;
import io.deltacat.ray.RayConfigException;
import io.deltacat.ray.RayLauncherConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * {@code aws}: provisions a run's Ray cluster on EC2 from the node's launcher YAML ({@code provider.region},
 * {@code available_node_types[*].node_config}: ImageId, InstanceType, SubnetId, SecurityGroupIds,
 * KeyName, IamInstanceProfile, or a LaunchTemplate; {@code docker.image} runs Ray in that container),
 * one head plus {@code min_workers} of each worker type, and honours {@code cluster_shutdown_policy}:
 * {@code terminate} (the default) gives each run its own cluster ({@code cluster_name-<run>}) and
 * terminates it when the run ends; {@code keep} reuses the cluster named {@code cluster_name} across
 * runs. Instances are found again by their tags, so a restarted server re-attaches to what it started.
 * The server must reach the head's private IP on 8265 (the Jobs API). Calls use the AWS SDK's default
 * credentials; the README lists the IAM actions. Request shapes are in {@link AwsRequests}; this class
 * is not tested against AWS.
 */
public final class AwsClusterProvider implements RayClusterProvider {
    /** How long a new head may take to answer on its Jobs API (setting {@code aws-ready-seconds}). */
    static final long DEFAULT_READY_SECONDS = 900;

    @Override
    public String name() {
        return "aws";
    }

    private static RayLauncherConfig config(ClusterRequest r) {
        if (r.config() == null) {
            throw new RayConfigException("cluster_config", "the aws Ray cluster provider needs the node's launcher YAML");
        }
        if (r.config().provider == null || r.config().provider.region == null) {
            throw new RayConfigException("provider.region", "is required by the aws Ray cluster provider");
        }
        return r.config();
    }

    private static Ec2Client ec2(String region) {
        return Ec2Client.builder().region(Region.of(region)).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static List<Instance> instances(Ec2Client ec2, DescribeInstancesRequest request) {
        List<Instance> out = new ArrayList<>();
        for (Reservation r : ec2.describeInstancesPaginator(request).reservations()) {
            out.addAll(r.instances());
        }
        return out;
    }

    @Override
    public RayCluster acquire(ClusterRequest request) throws Exception {
        RayLauncherConfig c = config(request);
        String region = c.provider.region;
        String name = AwsRequests.clusterName(c, request.nodeId(), request.runId());
        long readySeconds = Long.parseLong(request.settings().getOrDefault("aws-ready-seconds",
                Long.toString(DEFAULT_READY_SECONDS)));
        try (Ec2Client ec2 = ec2(region)) {
            List<Instance> heads = instances(ec2, AwsRequests.find(name, "head"));
            String headId = heads.isEmpty()
                    ? ec2.runInstances(AwsRequests.head(c, name)).instances().get(0).instanceId()
                    : heads.get(0).instanceId();
            ec2.waiter().waitUntilInstanceRunning(b -> b.instanceIds(headId));
            Instance head = instances(ec2, DescribeInstancesRequest.builder().instanceIds(headId).build()).get(0);
            List<Instance> workers = instances(ec2, AwsRequests.find(name, "worker"));
            for (Map.Entry<String, RayLauncherConfig.NodeType> t : c.availableNodeTypes.entrySet()) {
                int min = t.getValue() == null || t.getValue().minWorkers == null ? 0 : t.getValue().minWorkers;
                long have = workers.stream().filter(i -> t.getKey().equals(tag(i, AwsRequests.TAG_TYPE))).count();
                if (!t.getKey().equals(c.headNodeType) && have < min) {
                    workers.addAll(ec2.runInstances(AwsRequests.workers(c, name, t.getKey(), (int) (min - have),
                            head.privateIpAddress())).instances());
                }
            }
            RayCluster cluster = cluster(region, name, head, workers, c);
            awaitDashboard(cluster.dashboardUrl(), Duration.ofSeconds(readySeconds));
            return cluster;
        }
    }

    @Override
    public Optional<RayCluster> find(ClusterRequest request) {
        RayLauncherConfig c = config(request);
        String name = AwsRequests.clusterName(c, request.nodeId(), request.runId());
        try (Ec2Client ec2 = ec2(c.provider.region)) {
            List<Instance> heads = instances(ec2, AwsRequests.find(name, "head"));
            if (heads.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(cluster(c.provider.region, name, heads.get(0),
                    instances(ec2, AwsRequests.find(name, "worker")), c));
        }
    }

    @Override
    public void release(RayCluster cluster, RayLauncherConfig config) {
        if (!RayLauncherConfig.SHUTDOWN_TERMINATE.equals(config.shutdownPolicy())) {
            return; // kept for the node's next runs
        }
        String name = cluster.details().get("cluster_name");
        try (Ec2Client ec2 = ec2(cluster.details().get("region"))) {
            List<String> ids = instances(ec2, AwsRequests.find(name, null)).stream().map(Instance::instanceId).toList();
            if (!ids.isEmpty()) {
                ec2.terminateInstances(AwsRequests.terminate(ids));
            }
        }
    }

    @Override
    public CommandSent sendCommand(RayCluster cluster, List<String> commands, String target) {
        List<String> ids = targets(cluster, target);
        try (SsmClient ssm = SsmClient.builder().region(Region.of(cluster.details().get("region")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            String id = ssm.sendCommand(AwsRequests.command(ids, commands, "deltacat: " + cluster.details()
                    .get("cluster_name"))).command().commandId();
            return new CommandSent(id, ids);
        }
    }

    /** The instances a command goes to: the head, or the head and every worker. */
    public static List<String> targets(RayCluster cluster, String target) {
        List<String> ids = new ArrayList<>(List.of(cluster.details().get("head_instance_id")));
        if ("all".equals(target)) {
            String workers = cluster.details().getOrDefault("worker_instance_ids", "");
            for (String w : workers.split(",")) {
                if (!w.isBlank()) {
                    ids.add(w);
                }
            }
        } else if (!"head".equals(target)) {
            throw new IllegalArgumentException("target: 'head' or 'all', got '" + target + "'");
        }
        return ids;
    }

    /** What the access helpers answer about a cluster. */
    static RayCluster cluster(String region, String name, Instance head, List<Instance> workers, RayLauncherConfig c) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("region", region);
        d.put("cluster_name", name);
        d.put("head_instance_id", head.instanceId());
        d.put("head_private_ip", head.privateIpAddress() == null ? "" : head.privateIpAddress());
        d.put("worker_instance_ids", String.join(",", workers.stream().map(Instance::instanceId).toList()));
        RayLauncherConfig.NodeType ht = c.availableNodeTypes.get(c.headNodeType);
        Object lt = ht == null || ht.nodeConfig == null ? null : ht.nodeConfig.get("LaunchTemplate");
        if (lt instanceof Map<?, ?> m) {
            Object id = m.get("LaunchTemplateId") != null ? m.get("LaunchTemplateId") : m.get("LaunchTemplateName");
            d.put("launch_template", String.valueOf(id));
        }
        return new RayCluster("aws", "http://" + head.privateIpAddress() + ":" + AwsRequests.DASHBOARD_PORT, d);
    }

    private static String tag(Instance i, String key) {
        return i.tags().stream().filter(t -> t.key().equals(key)).map(Tag::value).findFirst().orElse(null);
    }

    private static void awaitDashboard(String url, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/version"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Ray head at " + url + " did not answer within " + timeout);
            }
            Thread.sleep(5000);
        }
    }
}
