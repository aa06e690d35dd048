package io.deltacat.storage.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.deltacat.api.error.StorageAccessException;
import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.model.StorageCredential;
import io.deltacat.auth.VendedCredentials;
import io.deltacat.io.spi.Storage;
import io.deltacat.io.spi.StorageAccess;
import io.deltacat.io.spi.Storages;
import io.deltacat.storage.s3.testing.S3ProxyProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * STS vending: the server calls {@code AssumeRole} (here on a local stand-in for STS that records the
 * request and answers temporary keys) with an inline session policy limited to the table's folder
 * (read) or the write's staging prefix (write); the policy documents are checked exactly. s3proxy
 * accepts the session token without checking it, so enforcement of the policy is AWS's, not tested here.
 */
class StsVendingTest {
    static S3ProxyProcess s3;
    static HttpServer sts;
    static final List<Map<String, String>> CALLS = new CopyOnWriteArrayList<>();
    static Storage server;
    static String root;

    @BeforeAll
    static void start() throws IOException {
        s3 = S3ProxyProcess.shared();
        root = "s3://" + s3.createBucket("sts-test") + "/warehouse/";
        sts = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sts.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> form = new HashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            CALLS.add(form);
            String expires = Instant.now().plusSeconds(Long.parseLong(form.get("DurationSeconds"))).toString();
            byte[] answer = ("<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                    + "<Credentials><AccessKeyId>" + S3ProxyProcess.ACCESS_KEY + "</AccessKeyId><SecretAccessKey>"
                    + S3ProxyProcess.SECRET_KEY + "</SecretAccessKey><SessionToken>session-" + CALLS.size()
                    + "</SessionToken><Expiration>" + expires + "</Expiration></Credentials>"
                    + "<AssumedRoleUser><AssumedRoleId>AROA:deltacat</AssumedRoleId><Arn>arn:aws:sts::123456789012:"
                    + "assumed-role/deltacat-clients/deltacat</Arn></AssumedRoleUser></AssumeRoleResult>"
                    + "<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></AssumeRoleResponse>")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/xml");
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        sts.start();
        server = Storages.forUri(root, StorageAccess.configured(s3.settings(Map.of("access", "sts",
                "roleArn", "arn:aws:iam::123456789012:role/deltacat-clients",
                "stsEndpoint", "http://127.0.0.1:" + sts.getAddress().getPort()))));
        S3StorageTest.write(server, root + "ns/t/data/w0/part-0.bin", S3StorageTest.bytes(4000, 1));
    }

    @AfterAll
    static void stop() {
        sts.stop(0);
    }

    @Test
    void readPolicyIsExactlyTheTablesFolder() throws IOException {
        CALLS.clear();
        List<StorageCredential> c = server.grantRead(root + "ns/t/", List.of(root + "ns/t/data/w0/part-0.bin"),
                Duration.ofMinutes(1), false);
        assertThat(CALLS).singleElement().satisfies(form -> {
            assertThat(form).containsEntry("Action", "AssumeRole")
                    .containsEntry("RoleArn", "arn:aws:iam::123456789012:role/deltacat-clients")
                    .containsEntry("DurationSeconds", "900"); // at least STS's 15 minutes
            assertThat(form.get("Policy")).isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":["
                    + "{\"Sid\":\"ReadTable\",\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],"
                    + "\"Resource\":[\"arn:aws:s3:::sts-test/warehouse/ns/t/*\"]},"
                    + "{\"Sid\":\"ListTable\",\"Effect\":\"Allow\",\"Action\":[\"s3:ListBucket\"],"
                    + "\"Resource\":[\"arn:aws:s3:::sts-test\"],"
                    + "\"Condition\":{\"StringLike\":{\"s3:prefix\":[\"warehouse/ns/t/*\"]}}}]}");
        });
        assertThat(c).singleElement().satisfies(cred -> {
            assertThat(cred.provider()).isEqualTo("s3");
            assertThat(cred.prefix()).isEqualTo(root + "ns/t/");
            assertThat(cred.properties()).containsEntry("sessionToken", "session-1")
                    .containsEntry("endpoint", s3.endpoint()).containsEntry("pathStyle", "true");
            assertThat(cred.expiresAt()).isPresent();
        });
        // a client with those keys reads the table's object through the SDK
        Storage client = Storages.forUri(root, VendedAccessTest.client(VendedCredentials.fixed(c), null));
        assertThat(S3StorageTest.read(client, root + "ns/t/data/w0/part-0.bin")).isEqualTo(S3StorageTest.bytes(4000, 1));
        assertThat(client.inputFile(root + "ns/t/data/w0/part-0.bin").objectStoreOptions())
                .containsEntry("aws_session_token", "session-1").containsEntry("allow_http", "true")
                .containsEntry("aws_endpoint", s3.endpoint());
        // and nothing outside what was vended is even attempted
        assertThatThrownBy(() -> S3StorageTest.read(client, root + "other/x.bin")).isInstanceOf(StorageAccessException.class);
    }

    @Test
    void writePolicyIsExactlyTheStagingPrefix() throws IOException {
        CALLS.clear();
        List<StorageCredential> c = server.grantWrite(root + "ns/t/data/w1/", Duration.ofMinutes(30), true);
        assertThat(CALLS).singleElement().satisfies(form -> {
            assertThat(form).containsEntry("DurationSeconds", "1800");
            assertThat(form.get("Policy")).isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":["
                    + "{\"Sid\":\"WriteStaging\",\"Effect\":\"Allow\",\"Action\":[\"s3:PutObject\",\"s3:GetObject\","
                    + "\"s3:AbortMultipartUpload\",\"s3:ListMultipartUploadParts\"],"
                    + "\"Resource\":[\"arn:aws:s3:::sts-test/warehouse/ns/t/data/w1/*\"]},"
                    + "{\"Sid\":\"ListStaging\",\"Effect\":\"Allow\",\"Action\":[\"s3:ListBucket\"],"
                    + "\"Resource\":[\"arn:aws:s3:::sts-test\"],"
                    + "\"Condition\":{\"StringLike\":{\"s3:prefix\":[\"warehouse/ns/t/data/w1/*\"]}}}]}");
            assertThat(form.get("RoleSessionName")).startsWith("deltacat-");
        });
        Storage client = Storages.forUri(root, VendedAccessTest.client(VendedCredentials.fixed(c), null));
        S3StorageTest.write(client, root + "ns/t/data/w1/part-0.bin", S3StorageTest.bytes(100, 2));
        assertThat(S3StorageTest.read(server, root + "ns/t/data/w1/part-0.bin")).isEqualTo(S3StorageTest.bytes(100, 2));
    }

    @Test
    void presignedRootsRefuseLanceUnlessKeysAreAllowed() throws IOException {
        Storage presigned = Storages.forUri(root, StorageAccess.configured(s3.settings(Map.of())));
        assertThatThrownBy(() -> presigned.grantWrite(root + "ns/t/data/w2/", Duration.ofMinutes(5), true))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("access=sts");
        Storage trusting = Storages.forUri(root, StorageAccess.configured(s3.settings(
                Map.of("keysForDirectoryFormats", "true"))));
        assertThat(trusting.grantRead(root + "ns/t/", List.of(), Duration.ofMinutes(5), true))
                .singleElement().satisfies(cred -> assertThat(cred.provider()).isEqualTo("s3"));
    }
}
