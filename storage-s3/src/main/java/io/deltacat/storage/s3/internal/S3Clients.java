package io.deltacat.storage.s3.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * SDK clients, made once per endpoint, region, addressing and keys and kept for the process: a
 * {@code Storage} is made per file, an SDK client is not (its connection pool is shared).
 */
final class S3Clients {
    private static final Map<String, S3Client> S3 = new ConcurrentHashMap<>();
    private static final Map<String, S3Presigner> PRESIGNERS = new ConcurrentHashMap<>();
    private static final Map<String, StsClient> STS = new ConcurrentHashMap<>();
    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(60))
            .build();

    private S3Clients() {
    }

    static S3Client s3(S3Settings s) {
        return S3.computeIfAbsent(s.clientKey(), k -> {
            var b = S3Client.builder()
                    .httpClient(HTTP)
                    .region(Region.of(s.region()))
                    .credentialsProvider(credentials(s))
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(s.pathStyle())
                            .checksumValidationEnabled(false).build());
            if (s.endpoint() != null) {
                b.endpointOverride(s.endpoint());
            }
            return b.build();
        });
    }

    static S3Presigner presigner(S3Settings s) {
        return PRESIGNERS.computeIfAbsent(s.clientKey(), k -> {
            var b = S3Presigner.builder()
                    .region(Region.of(s.region()))
                    .credentialsProvider(credentials(s))
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(s.pathStyle()).build());
            if (s.endpoint() != null) {
                b.endpointOverride(s.endpoint());
            }
            return b.build();
        });
    }

    static StsClient sts(S3Settings s) {
        return STS.computeIfAbsent(s.clientKey() + "|" + s.stsEndpoint(), k -> {
            var b = StsClient.builder().httpClient(HTTP).region(Region.of(s.region())).credentialsProvider(credentials(s));
            if (s.stsEndpoint() != null) {
                b.endpointOverride(s.stsEndpoint());
            }
            return b.build();
        });
    }

    /** The settings' keys, or the SDK's default chain (environment, profile, instance role) without them. */
    static AwsCredentialsProvider credentials(S3Settings s) {
        if (s.accessKeyId() == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(s.sessionToken() == null
                ? AwsBasicCredentials.create(s.accessKeyId(), s.secretAccessKey())
                : AwsSessionCredentials.create(s.accessKeyId(), s.secretAccessKey(), s.sessionToken()));
    }
}
