/**
 * S3 and S3-compatible storage ({@code s3://bucket/prefix}) on the AWS SDK for Java v2, found by
 * {@link java.util.ServiceLoader} as a {@link io.deltacat.io.spi.StorageProvider}. A server's root
 * reaches the bucket with its own keys and vends scoped access (presigned URLs, or STS keys with an
 * inline session policy); a client uses only what was vended. The one public class,
 * {@link io.deltacat.storage.s3.S3Metrics}, counts requests and bytes for tests and benchmarks.
 */
module io.deltacat.storage.s3 {
    requires transitive io.deltacat.io.spi;
    requires io.deltacat.auth;
    requires java.net.http;
    requires org.slf4j;
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.services.sts;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.urlconnection;
    requires software.amazon.awssdk.identity.spi;
    requires software.amazon.awssdk.utils;

    exports io.deltacat.storage.s3;

    provides io.deltacat.io.spi.StorageProvider with io.deltacat.storage.s3.internal.S3StorageProvider;
}
