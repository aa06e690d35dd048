package io.deltacat.storage.s3.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.StorageAccessException;
import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.model.StorageCredential;
import io.deltacat.io.spi.UploadAnswer;
import io.deltacat.io.spi.UploadStep;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.awscore.presigner.PresignedRequest;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * What a server's S3 root hands to clients, by its {@code access} setting:
 * <ul>
 *   <li>{@code presigned} (S3-compatible stores without STS): a presigned GET per object of a plan,
 *       and for a write a marker that the client asks the server to sign each upload under its
 *       staging prefix ({@link #upload}); no keys leave the server;</li>
 *   <li>{@code sts} (AWS): temporary keys from {@code AssumeRole} with an inline session policy
 *       ({@link SessionPolicies}) limited to the table's folder (read) or the write's staging prefix
 *       (write);</li>
 *   <li>{@code keys}: the root's own keys, for a store and clients that are trusted alike.</li>
 * </ul>
 * Directory-shaped formats (Lance) need keys for the library's own object store: with
 * {@code presigned} they get the root's keys only when {@code keysForDirectoryFormats} is set, and
 * are refused otherwise.
 */
final class Vending {
    private final S3Settings settings;
    private final SdkObjects own;

    Vending(S3Settings settings, SdkObjects own) {
        this.settings = settings;
        this.own = own;
    }

    List<StorageCredential> grantRead(String scopePrefix, Collection<String> uris, Duration ttl, boolean directoryShaped)
            throws IOException {
        S3Location scope = S3Location.parse(scopePrefix);
        for (String uri : uris) {
            if (!uri.startsWith(scopePrefix)) {
                throw new InvalidRequestException("'" + uri + "' is not under " + scopePrefix);
            }
        }
        switch (settings.access()) {
            case "sts":
                return List.of(assumed(scopePrefix, SessionPolicies.read(partition(), scope.bucket(),
                        scope.folderKey()), ttl));
            case "keys":
                return List.of(keys(scopePrefix));
            default:
                if (directoryShaped) {
                    return List.of(keysForDirectories(scopePrefix));
                }
                List<StorageCredential> out = new ArrayList<>();
                S3Presigner presigner = S3Clients.presigner(settings);
                for (String uri : uris) {
                    S3Location at = S3Location.parse(uri);
                    PresignedRequest p = presigner.presignGetObject(r -> r.signatureDuration(ttl)
                            .getObjectRequest(g -> g.bucket(at.bucket()).key(at.key())));
                    out.add(new StorageCredential(uri, "s3-presigned", Map.of("url", p.url().toString()),
                            Optional.of(nanos(p.expiration()))));
                }
                return out;
        }
    }

    List<StorageCredential> grantWrite(String stagingPrefix, Duration ttl, boolean directoryShaped) throws IOException {
        S3Location staging = S3Location.parse(stagingPrefix);
        switch (settings.access()) {
            case "sts":
                return List.of(assumed(stagingPrefix, SessionPolicies.write(partition(), staging.bucket(),
                        staging.folderKey()), ttl));
            case "keys":
                return List.of(keys(stagingPrefix));
            default:
                if (directoryShaped) {
                    return List.of(keysForDirectories(stagingPrefix));
                }
                return List.of(new StorageCredential(stagingPrefix, "s3-signed-uploads", Map.of(),
                        Optional.of(nanos(Instant.now().plus(ttl)))));
        }
    }

    UploadAnswer upload(UploadStep step, Duration ttl) throws IOException {
        S3Location at = S3Location.parse(step.uri());
        S3Presigner presigner = S3Clients.presigner(settings);
        switch (step.kind()) {
            case PUT:
                return answer(presigner.presignPutObject(r -> r.signatureDuration(ttl)
                        .putObjectRequest(p -> p.bucket(at.bucket()).key(at.key()).ifNoneMatch("*"))));
            case PART:
                if (step.uploadId() == null || step.partNumber() < 1 || step.partNumber() > 10_000) {
                    throw new InvalidRequestException("a part needs an uploadId and a partNumber from 1 to 10000");
                }
                return answer(presigner.presignUploadPart(r -> r.signatureDuration(ttl).uploadPartRequest(p -> p
                        .bucket(at.bucket()).key(at.key()).uploadId(step.uploadId()).partNumber(step.partNumber()))));
            case GET:
                return answer(presigner.presignGetObject(r -> r.signatureDuration(ttl)
                        .getObjectRequest(g -> g.bucket(at.bucket()).key(at.key()))));
            case START:
                Optional<String> started = inProgress(at);
                return UploadAnswer.done(Optional.of(started.isPresent() ? started.get() : own.startUpload(at)));
            case COMPLETE:
                if (step.uploadId() == null || step.parts().isEmpty()) {
                    throw new InvalidRequestException("completing an upload needs its uploadId and parts");
                }
                // a resend after a lost answer finds its upload completed: done (SdkObjects.completeUpload)
                own.completeUpload(at, step.uploadId(), step.parts().stream()
                        .map(p -> CompletedPart.builder().partNumber(p.partNumber()).eTag(p.etag()).build()).toList());
                return UploadAnswer.done(Optional.empty());
            case ABORT:
                if (step.uploadId() == null) {
                    throw new InvalidRequestException("aborting an upload needs its uploadId");
                }
                own.abortUpload(at, step.uploadId());
                return UploadAnswer.done(Optional.empty());
            default:
                throw new InvalidRequestException("unknown upload step " + step.kind());
        }
    }

    /**
     * The multipart upload in progress under exactly {@code at}'s key, the newest when several: a
     * staged file's name is its one writer's own, so an upload already started under it is the one a
     * START whose answer was lost began, and a resent START continues it rather than leaving it
     * orphaned. Empty when there is none (or the store cannot list uploads).
     */
    private Optional<String> inProgress(S3Location at) throws IOException {
        return own.uploads(at.bucket(), at.key()).stream().filter(u -> u.key().equals(at.key()))
                .max(java.util.Comparator.comparing(u -> u.initiated() == null ? Instant.EPOCH : u.initiated()))
                .map(u -> u.uploadId());
    }

    private static UploadAnswer answer(PresignedRequest p) {
        Map<String, String> headers = new HashMap<>();
        p.signedHeaders().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("host")) {
                headers.put(k, String.join(",", v));
            }
        });
        return UploadAnswer.request(p.httpRequest().method().name(), p.url().toString(), headers, nanos(p.expiration()));
    }

    private StorageCredential assumed(String prefix, String policy, Duration ttl) {
        int seconds = (int) Math.min(43_200, Math.max(900, ttl.toSeconds())); // STS: 15 minutes to 12 hours
        Credentials c;
        try {
            c = S3Clients.sts(settings).assumeRole(r -> r.roleArn(settings.roleArn())
                    .roleSessionName("deltacat-" + UUID.randomUUID().toString().substring(0, 18))
                    .policy(policy).durationSeconds(seconds)).credentials();
        } catch (SdkException e) {
            throw new StorageAccessException("STS refused to vend scoped credentials for " + prefix + " (role "
                    + settings.roleArn() + "): " + e.getMessage(), e);
        }
        Map<String, String> p = place();
        p.put("accessKeyId", c.accessKeyId());
        p.put("secretAccessKey", c.secretAccessKey());
        p.put("sessionToken", c.sessionToken());
        return new StorageCredential(prefix, "s3", p, Optional.of(nanos(c.expiration())));
    }

    private StorageCredential keys(String prefix) {
        if (settings.accessKeyId() == null) {
            throw new UnsupportedFeatureException("this S3 root (access=keys) has no keys of its own to hand out;"
                    + " configure accessKeyId/secretAccessKey or use access=sts");
        }
        Map<String, String> p = place();
        p.put("accessKeyId", settings.accessKeyId());
        p.put("secretAccessKey", settings.secretAccessKey());
        if (settings.sessionToken() != null) {
            p.put("sessionToken", settings.sessionToken());
        }
        return new StorageCredential(prefix, "s3", p, Optional.empty());
    }

    private StorageCredential keysForDirectories(String prefix) {
        if (!settings.keysForDirectoryFormats()) {
            throw new UnsupportedFeatureException("Lance tables cannot be reached through presigned URLs (Lance's"
                    + " object store signs its own requests): configure this S3 root with access=sts and a role"
                    + " (scoped temporary keys), or set keysForDirectoryFormats=true to hand its own keys to"
                    + " trusted clients");
        }
        return keys(prefix);
    }

    private Map<String, String> place() {
        Map<String, String> p = new HashMap<>();
        if (settings.endpoint() != null) {
            p.put("endpoint", settings.endpoint().toString());
        }
        p.put("region", settings.region());
        p.put("pathStyle", Boolean.toString(settings.pathStyle()));
        return p;
    }

    private String partition() {
        String r = settings.region();
        return r.startsWith("cn-") ? "aws-cn" : r.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    /** Lance (object_store) options for the keys and place in {@code p} (vended or a root's). */
    static Map<String, String> lanceOptions(Map<String, String> p) {
        Map<String, String> o = new HashMap<>();
        if (p.containsKey("accessKeyId")) {
            o.put("aws_access_key_id", p.get("accessKeyId"));
            o.put("aws_secret_access_key", p.get("secretAccessKey"));
        }
        if (p.get("sessionToken") != null) {
            o.put("aws_session_token", p.get("sessionToken"));
        }
        o.put("aws_region", p.getOrDefault("region", "us-east-1"));
        String endpoint = p.get("endpoint");
        if (endpoint != null) {
            o.put("aws_endpoint", endpoint);
            if (endpoint.startsWith("http://")) {
                o.put("allow_http", "true");
            }
        }
        return o;
    }

    static long nanos(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    }
}
