package io.deltacat.ray.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.PayloadTooLargeException;
import io.deltacat.io.spi.AtomicOutputStream;
import io.deltacat.io.spi.Storage;
import io.deltacat.io.spi.Storages;
import io.deltacat.server.dispatch.RunDispatcher.StagedPayload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Stores Ray payload archives under the deployment's payload root (dispatcher setting
 * {@code payload-root}: a {@code file:} or {@code s3:} URI prefix, through the storage providers of
 * {@code io.deltacat.io.spi}; an {@code s3:} root takes the storage-s3 root settings as
 * {@code payload-s3.region}, {@code payload-s3.endpoint}, ... and the AWS SDK's default credentials
 * without keys), content-addressed: {@code <root>sha256-<hex>.zip}, so the same bytes are
 * stored once and every node naming them names the same URI.
 *
 * <p>What a caller sends is checked here, not trusted: the size (payloads are small overlays; setting
 * {@code payload-max-bytes}, 8 MiB by default), and that it is a zip in the layout Ray's
 * {@code py_modules} unpacks (one top-level directory, which Ray removes; no absolute or climbing entry
 * names; at most 64 times the size limit unpacked, so a zip bomb is refused too).
 */
final class PayloadStore {
    static final String ROOT = "payload-root";
    static final String MAX_BYTES = "payload-max-bytes";
    static final long DEFAULT_MAX_BYTES = 8L << 20;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}(\\.py)?");

    /** Settings of an {@code s3://} payload root: {@code payload-s3.<key>}, the storage-s3 root settings. */
    static final String S3_PREFIX = "payload-s3.";

    private final String root;
    private final long maxBytes;
    private final Map<String, String> storageSettings;

    PayloadStore(String root, long maxBytes, Map<String, String> storageSettings) {
        this.root = root.endsWith("/") ? root : root + "/";
        this.maxBytes = maxBytes;
        this.storageSettings = Map.copyOf(storageSettings);
    }

    /** The store of the dispatcher settings; null when {@code payload-root} is not set. */
    static PayloadStore of(Map<String, String> settings) {
        String root = settings.get(ROOT);
        if (root == null || root.isBlank()) {
            return null;
        }
        long max;
        try {
            max = Long.parseLong(settings.getOrDefault(MAX_BYTES, Long.toString(DEFAULT_MAX_BYTES)).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MAX_BYTES + ": not a number of bytes");
        }
        if (max <= 0) {
            throw new IllegalArgumentException(MAX_BYTES + ": must be positive");
        }
        String r = root.trim();
        if (!r.matches("(file|s3)://.+")) {
            throw new IllegalArgumentException(ROOT + ": '" + r + "' is not a file:// or s3:// URI");
        }
        Map<String, String> s3 = new java.util.TreeMap<>();
        settings.forEach((k, v) -> {
            if (k.startsWith(S3_PREFIX)) {
                s3.put(k.substring(S3_PREFIX.length()), v);
            }
        });
        if (r.startsWith("s3://") && s3.isEmpty()) {
            // the server's own access (the AWS SDK's default credentials), as a data root without keys
            s3.put("region", "us-east-1");
        }
        return new PayloadStore(r, max, r.startsWith("s3://") ? s3 : Map.of());
    }

    String root() {
        return root;
    }

    StagedPayload stage(String name, byte[] archive) throws IOException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidRequestException("name: '" + name + "' is not a Python module, package or .py file name");
        }
        if (archive.length > maxBytes) {
            throw new PayloadTooLargeException("the payload archive of '" + name + "' has " + archive.length
                    + " bytes, more than this deployment's limit of " + maxBytes + " (" + MAX_BYTES
                    + "): payloads are for small code overlays");
        }
        checkLayout(name, archive);
        String sha = sha256(archive);
        String uri = root + "sha256-" + sha + ".zip";
        Storage storage = Storages.forUri(uri, storageSettings);
        boolean created = false;
        if (!storage.exists(uri)) {
            AtomicOutputStream out;
            try {
                out = storage.outputFile(uri).create();
            } catch (IOException e) {
                // staged at the same moment by another call: the same bytes under the same name
                if (storage.exists(uri)) {
                    return new StagedPayload(uri, sha, archive.length, false);
                }
                throw e;
            }
            try (out) {
                out.write(archive);
            }
            created = true;
        }
        return new StagedPayload(uri, sha, archive.length, created);
    }

    private void checkLayout(String name, byte[] archive) {
        String top = null;
        long unpacked = 0;
        int files = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String n = e.getName();
                if (n.startsWith("/") || n.contains("\\") || n.contains(":")
                        || n.matches("(.*/)?\\.\\.?(/.*)?")) {
                    throw new InvalidRequestException("content: entry '" + n + "' is absolute or climbs out");
                }
                String first = n.contains("/") ? n.substring(0, n.indexOf('/')) : null;
                if (first == null || (top != null && !top.equals(first))) {
                    throw new InvalidRequestException("content: Ray's py_modules wants one top-level directory"
                            + " holding the module; entry '" + n + "' is not in it");
                }
                top = first;
                if (!e.isDirectory()) {
                    files++;
                    unpacked += drain(zip, maxBytes * 64 - unpacked, name);
                }
            }
        } catch (ZipException e) {
            throw new InvalidRequestException("content: not a zip archive: " + e.getMessage());
        } catch (IOException e) {
            throw new InvalidRequestException("content: unreadable zip archive: " + e.getMessage());
        }
        if (files == 0) {
            throw new InvalidRequestException("content: the archive of '" + name + "' holds no file");
        }
    }

    private static long drain(InputStream in, long budget, String name) throws IOException {
        byte[] buf = new byte[8192];
        long n = 0;
        for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
            n += r;
            if (n > budget) {
                throw new PayloadTooLargeException("the payload archive of '" + name + "' unpacks to too many bytes");
            }
        }
        return n;
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
