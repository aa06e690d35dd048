package io.deltacat.client.internal;

import java.nio.charset.StandardCharsets;

/** Percent-encodes path segments per RFC 3986: only unreserved characters stay literal. */
final class PathSegments {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathSegments() {
    }

    static String encode(String segment) {
        if (segment.equals(".") || segment.equals("..")) {
            // dot segments would be removed by URI normalization on the way; send them encoded
            return segment.replace(".", "%2E");
        }
        StringBuilder out = new StringBuilder(segment.length() + 8);
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /** Joins {@code /v1} with the encoded segments. */
    static String path(String... segments) {
        StringBuilder p = new StringBuilder("/v1");
        for (String s : segments) {
            p.append('/').append(encode(s));
        }
        return p.toString();
    }
}
