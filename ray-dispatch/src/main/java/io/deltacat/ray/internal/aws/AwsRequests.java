package io.deltacat.ray.internal.aws;

import io.deltacat.ray.RayConfigException;
import io.deltacat.ray.RayLauncherConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileSpecification;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;

/**
 * The EC2 and SSM requests of the {@code aws} provider, built from the launcher YAML without calling
 * AWS (so their shapes are unit-tested). Instances carry the Ray launcher's own tags
 * ({@code ray-cluster-name}, {@code ray-node-kind}, {@code ray-node-type}) plus {@code deltacat-managed},
 * which is how a restarted server finds what it provisioned.
 */
public final class AwsRequests {
    public static final String TAG_CLUSTER = "ray-cluster-name";
    public static final String TAG_KIND = "ray-node-kind";
    public static final String TAG_TYPE = "ray-node-type";
    public static final String TAG_MANAGED = "deltacat-managed";
    /** Ray's dashboard port: the Jobs REST API. */
    public static final int DASHBOARD_PORT = 8265;
    static final int GCS_PORT = 6379;
    private static final List<String> LIVE = List.of("pending", "running");

    private AwsRequests() {
    }

    /** The cluster's name: {@code cluster_name}, per run when the cluster is terminated after it. */
    public static String clusterName(RayLauncherConfig config, String nodeId, String runId) {
        String base = config.clusterName == null || config.clusterName.isBlank() ? "deltacat-" + nodeId : config.clusterName;
        return RayLauncherConfig.SHUTDOWN_KEEP.equals(config.shutdownPolicy()) ? base : base + "-" + runId;
    }

    /** The live instances of a cluster, of one kind ({@code head} or {@code worker}) or both (null). */
    public static DescribeInstancesRequest find(String clusterName, String kind) {
        List<Filter> filters = new ArrayList<>(List.of(
                Filter.builder().name("tag:" + TAG_CLUSTER).values(clusterName).build(),
                Filter.builder().name("tag:" + TAG_MANAGED).values("true").build(),
                Filter.builder().name("instance-state-name").values(LIVE).build()));
        if (kind != null) {
            filters.add(Filter.builder().name("tag:" + TAG_KIND).values(kind).build());
        }
        return DescribeInstancesRequest.builder().filters(filters).build();
    }

    /** The head instance: {@code available_node_types[head_node_type].node_config}, starting Ray's head. */
    public static RunInstancesRequest head(RayLauncherConfig config, String clusterName) {
        String type = config.headNodeType;
        return run(config, clusterName, type, "head", 1, userData(config, "ray start --head --port=" + GCS_PORT
                + " --dashboard-host=0.0.0.0 --dashboard-port=" + DASHBOARD_PORT + " --block"));
    }

    /** {@code count} workers of node type {@code type}, joining the head at {@code headIp}. */
    public static RunInstancesRequest workers(RayLauncherConfig config, String clusterName, String type, int count,
                                              String headIp) {
        return run(config, clusterName, type, "worker", count, userData(config, "ray start --address=" + headIp + ":"
                + GCS_PORT + " --block"));
    }

    /** Terminates instances. */
    public static TerminateInstancesRequest terminate(List<String> instanceIds) {
        return TerminateInstancesRequest.builder().instanceIds(instanceIds).build();
    }

    /** Runs shell commands through SSM's {@code AWS-RunShellScript} document. */
    public static SendCommandRequest command(List<String> instanceIds, List<String> commands, String comment) {
        return SendCommandRequest.builder().documentName("AWS-RunShellScript").instanceIds(instanceIds)
                .parameters(Map.of("commands", commands)).comment(comment.length() > 100 ? comment.substring(0, 100)
                        : comment).build();
    }

    private static RunInstancesRequest run(RayLauncherConfig config, String clusterName, String type, String kind,
                                           int count, String userData) {
        RayLauncherConfig.NodeType t = config.availableNodeTypes == null ? null : config.availableNodeTypes.get(type);
        String key = "available_node_types." + type + ".node_config";
        Map<String, Object> nc = t == null || t.nodeConfig == null ? Map.of() : t.nodeConfig;
        RunInstancesRequest.Builder b = RunInstancesRequest.builder().minCount(count).maxCount(count)
                .userData(Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8)))
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(
                        tag(TAG_CLUSTER, clusterName), tag(TAG_KIND, kind), tag(TAG_TYPE, type),
                        tag(TAG_MANAGED, "true")).build());
        Object template = nc.get("LaunchTemplate");
        if (template instanceof Map<?, ?> lt) {
            b.launchTemplate(LaunchTemplateSpecification.builder().launchTemplateId(str(lt.get("LaunchTemplateId")))
                    .launchTemplateName(str(lt.get("LaunchTemplateName"))).version(str(lt.get("Version"))).build());
        } else if (nc.get("ImageId") == null || nc.get("InstanceType") == null) {
            throw new RayConfigException(key, "needs ImageId and InstanceType, or a LaunchTemplate");
        }
        b.imageId(str(nc.get("ImageId"))).instanceType(str(nc.get("InstanceType")))
                .subnetId(str(nc.get("SubnetId"))).keyName(str(nc.get("KeyName")));
        if (nc.get("SecurityGroupIds") instanceof List<?> groups) {
            b.securityGroupIds(groups.stream().map(String::valueOf).toList());
        }
        if (nc.get("IamInstanceProfile") instanceof Map<?, ?> profile) {
            b.iamInstanceProfile(IamInstanceProfileSpecification.builder().arn(str(profile.get("Arn")))
                    .name(str(profile.get("Name"))).build());
        }
        return b.build();
    }

    /** The instance's start script: Ray in the launcher's container image when it names one, else on the host. */
    static String userData(RayLauncherConfig config, String rayStart) {
        StringBuilder s = new StringBuilder("#!/bin/bash\nset -eu\n");
        if (config.docker != null && config.docker.image != null) {
            String name = config.docker.containerName == null ? "ray_container" : config.docker.containerName;
            s.append("docker run -d --name ").append(name).append(" --net=host --shm-size=2g ")
                    .append(config.docker.image).append(" ").append(rayStart).append('\n');
        } else {
            s.append(rayStart).append('\n');
        }
        return s.toString();
    }

    private static Tag tag(String k, String v) {
        return Tag.builder().key(k).value(v).build();
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }
}
