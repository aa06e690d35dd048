package io.deltacat.storage.s3.internal;

import io.deltacat.api.error.InvalidRequestException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A bucket and key from an {@code s3://bucket/key} URI. The key is the URI's decoded path without its
 * leading slash; {@link #uri(String, String)} encodes it back one segment at a time (RFC 3986).
 */
record S3Location(String bucket, String key) {

    static S3Location parse(String uri) {
        URI u;
        try {
            u = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("not an s3:// URI: " + uri);
        }
        if (!"s3".equals(u.getScheme()) || u.getRawAuthority() == null || u.getRawAuthority().isEmpty()) {
            throw new InvalidRequestException("not an s3://bucket/key URI: " + uri);
        }
        String path = u.getPath() == null ? "" : u.getPath();
        String key = path.startsWith("/") ? path.substring(1) : path;
        for (String segment : key.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new InvalidRequestException("an s3 key must not hold '.' or '..' segments: " + uri);
            }
        }
        return new S3Location(u.getRawAuthority(), key);
    }

    /** The URI of {@code key} in {@code bucket}, each segment percent-encoded. */
    static String uri(String bucket, String key) {
        StringBuilder b = new StringBuilder("s3://").append(bucket).append('/');
        String[] segments = key.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                b.append('/');
            }
            b.append(encode(segments[i]));
        }
        return b.toString();
    }

    String uri() {
        return uri(bucket, key);
    }

    /** The key as a folder prefix: ending in '/' unless empty (the whole bucket). */
    String folderKey() {
        return key.isEmpty() || key.endsWith("/") ? key : key + "/";
    }

    private static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte by : s.getBytes(StandardCharsets.UTF_8)) {
            int ch = by & 0xff;
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                    || ch == '-' || ch == '.' || ch == '_' || ch == '~' || ch == '=' || ch == '+') {
                b.append((char) ch);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(ch >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(ch & 0xf, 16)));
            }
        }
        return b.toString();
    }
}
