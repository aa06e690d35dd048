/**
 * Managed Ray dispatch: runs of pipeline nodes with dispatch mode {@code ray} become Ray jobs,
 * submitted and followed through Ray's Jobs REST API. The server finds it as a
 * {@link io.deltacat.server.dispatch.RunDispatcherProvider}; clusters come from a
 * {@link io.deltacat.ray.RayClusterProvider} ({@code existing}: a configured Ray address; {@code aws}:
 * EC2 instances from the launcher YAML).
 * {@link io.deltacat.ray.RayLauncherConfig} is the typed model of the Ray cluster-launcher YAML.
 */
module io.deltacat.ray {
    requires transitive io.deltacat.server;
    requires io.deltacat.api;
    requires io.deltacat.io.spi;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires java.net.http;
    requires org.slf4j;
    // the aws cluster provider
    requires software.amazon.awssdk.services.ec2;
    requires software.amazon.awssdk.services.ssm;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.urlconnection;
    requires software.amazon.awssdk.utils;

    exports io.deltacat.ray;
    // the Ray Jobs API records are bound by Jackson
    opens io.deltacat.ray.internal to com.fasterxml.jackson.databind;
    opens io.deltacat.ray to com.fasterxml.jackson.databind;

    uses io.deltacat.ray.RayClusterProvider;
    provides io.deltacat.ray.RayClusterProvider with io.deltacat.ray.internal.ExistingClusterProvider,
            io.deltacat.ray.internal.aws.AwsClusterProvider;
    provides io.deltacat.server.dispatch.RunDispatcherProvider with io.deltacat.ray.internal.RayDispatcherProvider;
}
