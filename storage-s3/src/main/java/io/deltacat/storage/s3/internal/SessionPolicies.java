package io.deltacat.storage.s3.internal;

/**
 * The inline session policies a server passes to STS {@code AssumeRole}: the temporary keys can do no
 * more than the role allows and no more than these. Reads may get and list a table's folder; writes
 * may put (single and multipart), abort their own uploads and read back under one write's staging
 * prefix only. The documents are built as exact strings (stable, compared whole in a test).
 */
final class SessionPolicies {
    private SessionPolicies() {
    }

    /** Read access to every object under {@code keyPrefix} (a table's folder, ending in '/'). */
    static String read(String partition, String bucket, String keyPrefix) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"ReadTable\",\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],"
                + "\"Resource\":[\"" + objects(partition, bucket, keyPrefix) + "\"]},"
                + list("ListTable", partition, bucket, keyPrefix)
                + "]}";
    }

    /** Write access to new objects under {@code stagingKey} (one write's staging prefix, ending in '/'). */
    static String write(String partition, String bucket, String stagingKey) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"WriteStaging\",\"Effect\":\"Allow\",\"Action\":[\"s3:PutObject\",\"s3:GetObject\","
                + "\"s3:AbortMultipartUpload\",\"s3:ListMultipartUploadParts\"],"
                + "\"Resource\":[\"" + objects(partition, bucket, stagingKey) + "\"]},"
                + list("ListStaging", partition, bucket, stagingKey)
                + "]}";
    }

    private static String list(String sid, String partition, String bucket, String keyPrefix) {
        return "{\"Sid\":\"" + sid + "\",\"Effect\":\"Allow\",\"Action\":[\"s3:ListBucket\"],"
                + "\"Resource\":[\"arn:" + partition + ":s3:::" + json(bucket) + "\"],"
                + "\"Condition\":{\"StringLike\":{\"s3:prefix\":[\"" + json(keyPrefix) + "*\"]}}}";
    }

    private static String objects(String partition, String bucket, String keyPrefix) {
        if (keyPrefix.contains("*") || keyPrefix.contains("?")) {
            // IAM would read them as wildcards, widening the scope to other tables' folders
            throw new io.deltacat.api.error.UnsupportedFeatureException("names with '*' or '?' cannot be scoped by an"
                    + " STS session policy: " + keyPrefix);
        }
        return "arn:" + partition + ":s3:::" + json(bucket) + "/" + json(keyPrefix) + "*";
    }

    /** JSON string content; IAM policy wildcards in a key ({@code *}, {@code ?}) are not escaped: names never hold them. */
    private static String json(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
