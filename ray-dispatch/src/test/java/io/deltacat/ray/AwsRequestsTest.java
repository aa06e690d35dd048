package io.deltacat.ray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.ray.RayClusterProvider.RayCluster;
import io.deltacat.ray.internal.aws.AwsClusterProvider;
import io.deltacat.ray.internal.aws.AwsRequests;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;

/** The aws provider's EC2 and SSM requests, built from the example launcher YAML (no AWS call). */
class AwsRequestsTest {
    static RayLauncherConfig example() throws Exception {
        return RayLauncherConfig.parse(RayLauncherConfigTest.example());
    }

    private static Map<String, String> tags(RunInstancesRequest r) {
        return r.tagSpecifications().get(0).tags().stream().collect(java.util.stream.Collectors.toMap(Tag::key, Tag::value));
    }

    private static String userData(RunInstancesRequest r) {
        return new String(Base64.getDecoder().decode(r.userData()), StandardCharsets.UTF_8);
    }

    @Test
    void theHeadIsLaunchedFromItsNodeTypeTaggedToBeFoundAgain() throws Exception {
        RayLauncherConfig c = example();
        String name = AwsRequests.clusterName(c, "upper", "run-7");
        assertThat(name).isEqualTo("deltacat-transform-run-7"); // terminate: a cluster per run
        RunInstancesRequest head = AwsRequests.head(c, name);
        assertThat(head.imageId()).isEqualTo("ami-0123456789abcdef0");
        assertThat(head.instanceTypeAsString()).isEqualTo("m5.xlarge");
        assertThat(head.minCount()).isEqualTo(1);
        assertThat(head.maxCount()).isEqualTo(1);
        assertThat(tags(head)).containsEntry("ray-cluster-name", name).containsEntry("ray-node-kind", "head")
                .containsEntry("ray-node-type", "head").containsEntry("deltacat-managed", "true");
        assertThat(userData(head)).contains("docker run -d --name ray_container --net=host")
                .contains("rayproject/ray@sha256:0123456789abcdef").contains("ray start --head --port=6379")
                .contains("--dashboard-port=8265");
    }

    @Test
    void workersJoinTheHeadWithTheirInstanceProfile() throws Exception {
        RayLauncherConfig c = example();
        RunInstancesRequest w = AwsRequests.workers(c, "c1", "worker", 3, "10.0.0.5");
        assertThat(w.minCount()).isEqualTo(3);
        assertThat(w.instanceTypeAsString()).isEqualTo("m5.2xlarge");
        assertThat(w.iamInstanceProfile().arn()).isEqualTo("arn:aws:iam::123456789012:instance-profile/ray-worker");
        assertThat(tags(w)).containsEntry("ray-node-kind", "worker").containsEntry("ray-node-type", "worker");
        assertThat(userData(w)).contains("ray start --address=10.0.0.5:6379");
    }

    @Test
    void aKeptClusterIsNamedByTheConfigAndFoundByItsTags() throws Exception {
        RayLauncherConfig c = RayLauncherConfig.parse(RayLauncherConfigTest.example()
                .replace("cluster_shutdown_policy: terminate", "cluster_shutdown_policy: keep"));
        assertThat(AwsRequests.clusterName(c, "upper", "run-7")).isEqualTo("deltacat-transform");
        DescribeInstancesRequest find = AwsRequests.find("deltacat-transform", "head");
        assertThat(find.filters()).extracting(Filter::name).containsExactly("tag:ray-cluster-name",
                "tag:deltacat-managed", "instance-state-name", "tag:ray-node-kind");
        assertThat(find.filters().get(2).values()).containsExactly("pending", "running");
        assertThat(AwsRequests.terminate(List.of("i-1", "i-2")).instanceIds()).containsExactly("i-1", "i-2");
    }

    @Test
    void aLaunchTemplateStandsInForImageAndType() throws Exception {
        RayLauncherConfig c = RayLauncherConfig.parse(RayLauncherConfigTest.example().replace(
                "      InstanceType: m5.xlarge\n      ImageId: ami-0123456789abcdef0\n",
                "      LaunchTemplate: {LaunchTemplateName: ray-head, Version: \"3\"}\n"));
        RunInstancesRequest head = AwsRequests.head(c, "c1");
        assertThat(head.launchTemplate().launchTemplateName()).isEqualTo("ray-head");
        assertThat(head.launchTemplate().version()).isEqualTo("3");
        assertThat(head.imageId()).isNull();
        RayLauncherConfig bare = RayLauncherConfig.parse(RayLauncherConfigTest.example().replace(
                "      InstanceType: m5.xlarge\n      ImageId: ami-0123456789abcdef0\n", "      SubnetId: s-1\n"));
        assertThatThrownBy(() -> AwsRequests.head(bare, "c1")).isInstanceOfSatisfying(RayConfigException.class,
                e -> assertThat(e.key()).isEqualTo("available_node_types.head.node_config"));
    }

    @Test
    void ssmCommandsGoToTheHeadOrToEveryInstance() {
        RayCluster cluster = new RayCluster("aws", "http://10.0.0.5:8265", Map.of("region", "us-east-1",
                "cluster_name", "c1", "head_instance_id", "i-head", "worker_instance_ids", "i-w1,i-w2"));
        assertThat(AwsClusterProvider.targets(cluster, "head")).containsExactly("i-head");
        assertThat(AwsClusterProvider.targets(cluster, "all")).containsExactly("i-head", "i-w1", "i-w2");
        assertThatThrownBy(() -> AwsClusterProvider.targets(cluster, "some")).isInstanceOf(IllegalArgumentException.class);
        SendCommandRequest r = AwsRequests.command(List.of("i-head"), List.of("ray status", "df -h"), "deltacat: c1");
        assertThat(r.documentName()).isEqualTo("AWS-RunShellScript");
        assertThat(r.parameters()).containsEntry("commands", List.of("ray status", "df -h"));
        assertThat(r.instanceIds()).containsExactly("i-head");
    }
}
