package io.deltacat.storage.s3.internal;

import io.deltacat.io.spi.UploadStep;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The ETag S3 gives an object completed from parts: the MD5 of the parts' MD5s (their ETags, as
 * bytes) in order, in hex, then {@code -} and the number of parts. It identifies a completed upload
 * by its parts, so a resent completion can tell its own object from another; an object put whole has
 * its bytes' MD5.
 */
final class MultipartEtag {
    private MultipartEtag() {
    }

    /** The ETag of an object completed from {@code parts}; empty when a part's ETag is not an MD5 (e.g. SSE-KMS). */
    static Optional<String> of(List<UploadStep.Part> parts) {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
        for (UploadStep.Part p : parts) {
            String hex = unquote(p.etag());
            if (!hex.matches("[0-9a-fA-F]{32}")) {
                return Optional.empty();
            }
            md5.update(HexFormat.of().parseHex(hex));
        }
        return Optional.of(HexFormat.of().formatHex(md5.digest()) + "-" + parts.size());
    }

    /** The ETag of an object put whole: the MD5 of its bytes, in hex. */
    static String md5(byte[] data, int length) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(data, 0, length);
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }

    /** Whether two ETags are the same, quotes and case aside. */
    static boolean same(String a, String b) {
        return unquote(a).toLowerCase(Locale.ROOT).equals(unquote(b).toLowerCase(Locale.ROOT));
    }

    private static String unquote(String etag) {
        String e = etag.trim();
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }
}
