package io.deltacat.storage.s3.internal;

import io.deltacat.api.error.InvalidRequestException;
import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * How a storage reaches S3: endpoint, region, addressing, keys, and (on a server) how it vends access
 * to clients. Read from a server root's settings or from a vended {@code s3} credential's properties.
 *
 * @param endpoint       a custom endpoint (S3-compatible stores); null for AWS's own
 * @param region         the signing region
 * @param pathStyle      path-style addressing (bucket in the path), needed by most S3-compatible stores
 * @param accessKeyId    keys; null to use the AWS SDK's default chain (environment, profile, instance role)
 * @param secretAccessKey the secret of {@code accessKeyId}
 * @param sessionToken   the session token of temporary keys; null for long-lived keys
 * @param access         how a server vends access: {@code presigned}, {@code sts} or {@code keys}
 * @param roleArn        the role STS assumes for clients ({@code sts})
 * @param stsEndpoint    a custom STS endpoint; null for AWS's
 * @param partSize       bytes per multipart part (at least 5 MiB); smaller objects are one PUT
 * @param uploadConcurrency parts of one object uploading at once
 * @param keysForDirectoryFormats with {@code presigned}: hand the root's own keys, limited to nothing,
 *                       for formats whose files are directory trees (Lance), which presigned URLs
 *                       cannot serve; only for clients trusted with those keys
 */
record S3Settings(URI endpoint, String region, boolean pathStyle, String accessKeyId, String secretAccessKey,
                  String sessionToken, String access, String roleArn, URI stsEndpoint, int partSize,
                  int uploadConcurrency, boolean keysForDirectoryFormats) {
    static final int MIN_PART = 5 << 20;
    static final Set<String> KEYS = Set.of("endpoint", "region", "pathStyle", "accessKeyId", "secretAccessKey",
            "sessionToken", "access", "roleArn", "stsEndpoint", "partSizeBytes", "uploadConcurrency",
            "keysForDirectoryFormats");

    static S3Settings of(Map<String, String> m) {
        for (String k : m.keySet()) {
            if (!KEYS.contains(k)) {
                throw new InvalidRequestException("unknown S3 setting '" + k + "' (known: " + KEYS + ")");
            }
        }
        String endpoint = blankToNull(m.get("endpoint"));
        String region = m.getOrDefault("region", "us-east-1");
        boolean pathStyle = Boolean.parseBoolean(m.getOrDefault("pathStyle", endpoint != null ? "true" : "false"));
        String role = blankToNull(m.get("roleArn"));
        String access = m.getOrDefault("access", role != null ? "sts" : "presigned");
        if (!Set.of("presigned", "sts", "keys").contains(access)) {
            throw new InvalidRequestException("S3 setting access must be presigned, sts or keys, not '" + access + "'");
        }
        if (access.equals("sts") && role == null) {
            throw new InvalidRequestException("S3 setting access=sts needs roleArn (the role clients' sessions assume)");
        }
        String key = blankToNull(m.get("accessKeyId"));
        String secret = blankToNull(m.get("secretAccessKey"));
        if ((key == null) != (secret == null)) {
            throw new InvalidRequestException("S3 settings accessKeyId and secretAccessKey go together");
        }
        int part = Integer.parseInt(m.getOrDefault("partSizeBytes", Integer.toString(8 << 20)));
        if (part < MIN_PART) {
            throw new InvalidRequestException("S3 setting partSizeBytes must be at least 5 MiB (S3's minimum part)");
        }
        int concurrency = Integer.parseInt(m.getOrDefault("uploadConcurrency", "4"));
        if (concurrency < 1) {
            throw new InvalidRequestException("S3 setting uploadConcurrency must be >= 1");
        }
        String sts = blankToNull(m.get("stsEndpoint"));
        return new S3Settings(endpoint == null ? null : URI.create(endpoint), region, pathStyle, key, secret,
                blankToNull(m.get("sessionToken")), access, role, sts == null ? null : URI.create(sts), part,
                concurrency, Boolean.parseBoolean(m.getOrDefault("keysForDirectoryFormats", "false")));
    }

    /** The same place without keys: for a client that passes vended keys with each request. */
    S3Settings withoutKeys() {
        return new S3Settings(endpoint, region, pathStyle, null, null, null, access, roleArn, stsEndpoint, partSize,
                uploadConcurrency, keysForDirectoryFormats);
    }

    /** What identifies an SDK client built for these settings (in memory only: it holds the secret). */
    String clientKey() {
        return endpoint + "|" + region + "|" + pathStyle + "|" + accessKeyId + "|" + secretAccessKey + "|" + sessionToken;
    }

    /** Whether a plain-HTTP endpoint is used (libraries such as Lance must be told). */
    boolean plainHttp() {
        return endpoint != null && "http".equalsIgnoreCase(endpoint.getScheme());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle + ", access="
                + access + ", keys=" + (accessKeyId == null ? "default chain" : "given") + "]";
    }
}
