package io.deltacat.server;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A named data root of a server: a local directory ({@code file:///...}) or an S3 bucket prefix
 * ({@code s3://bucket/prefix}, on AWS or any S3-compatible store), with the settings its storage
 * needs. S3 settings: {@code endpoint} (custom endpoints such as s3proxy or MinIO), {@code region},
 * {@code pathStyle}, {@code accessKeyId}/{@code secretAccessKey} (else the AWS SDK's default chain:
 * environment, profile, instance role), {@code access} ({@code presigned} by default: clients get
 * presigned URLs; {@code sts} with {@code roleArn} and optionally {@code stsEndpoint}: clients get
 * temporary keys scoped by a session policy; {@code keys}: clients get the root's keys),
 * {@code keysForDirectoryFormats}, {@code partSizeBytes}, {@code uploadConcurrency}.
 *
 * <p>Several roots are configured in a properties file ({@link #load}):
 * <pre>
 * roots = lake, scratch          # names, in order; the first is the default unless 'default' says
 * default = lake
 * root.lake.uri = s3://analytics/deltacat
 * root.lake.endpoint = http://127.0.0.1:9000
 * root.lake.region = us-east-1
 * root.lake.accessKeyId = ...
 * root.lake.secretAccessKey = ...
 * root.scratch.uri = file:///mnt/lustre/deltacat
 * </pre>
 *
 * @param name     the root's name (tables choose one with the table property {@code root})
 * @param uri      its URI, ending in '/'
 * @param settings the storage's settings (empty for local roots); never logged or answered
 */
public record StorageRoot(String name, String uri, Map<String, String> settings) {
    public StorageRoot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uri, "uri");
        if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("root name '" + name + "' must be 1-64 letters, digits, '_' or '-'");
        }
        String scheme = URI.create(uri).getScheme();
        if (scheme == null) {
            throw new IllegalArgumentException("root '" + name + "' needs an absolute URI (file:///... or s3://...), not "
                    + uri);
        }
        uri = uri.endsWith("/") ? uri : uri + "/";
        settings = Map.copyOf(settings);
    }

    /** A local directory root. */
    public static StorageRoot local(String name, Path dir) {
        return new StorageRoot(name, dir.toAbsolutePath().normalize().toUri().toString(), Map.of());
    }

    /**
     * An S3 root.
     *
     * @param uri      {@code s3://bucket/prefix}
     * @param settings see the class description
     */
    public static StorageRoot s3(String name, String uri, Map<String, String> settings) {
        if (!uri.startsWith("s3://")) {
            throw new IllegalArgumentException("an S3 root's URI starts with s3://, not " + uri);
        }
        return new StorageRoot(name, uri, settings);
    }

    /** The URI's scheme: {@code file}, {@code s3}. */
    public String scheme() {
        return URI.create(uri).getScheme();
    }

    /**
     * Reads roots from a properties file (see the class description); the default root comes first
     * in the answer.
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when a root is incomplete or a name is unknown
     */
    public static List<StorageRoot> load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        String names = p.getProperty("roots");
        if (names == null || names.isBlank()) {
            throw new IllegalArgumentException(file + ": 'roots' (a comma-separated list of root names) is missing");
        }
        Map<String, StorageRoot> roots = new LinkedHashMap<>();
        for (String raw : names.split(",")) {
            String name = raw.trim();
            String uri = p.getProperty("root." + name + ".uri");
            if (uri == null) {
                throw new IllegalArgumentException(file + ": root '" + name + "' has no 'root." + name + ".uri'");
            }
            Map<String, String> settings = new TreeMap<>();
            String prefix = "root." + name + ".";
            for (String key : p.stringPropertyNames()) {
                if (key.startsWith(prefix) && !key.equals(prefix + "uri")) {
                    settings.put(key.substring(prefix.length()), p.getProperty(key).trim());
                }
            }
            if (uri.startsWith("file:") && !settings.isEmpty()) {
                throw new IllegalArgumentException(file + ": local root '" + name + "' takes no settings, got "
                        + settings.keySet());
            }
            roots.put(name, new StorageRoot(name, uri.trim(), settings));
        }
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("root.") && !roots.containsKey(key.substring(5, Math.max(5, key.indexOf('.', 5))))) {
                throw new IllegalArgumentException(file + ": '" + key + "' belongs to no root listed in 'roots'");
            }
        }
        String def = p.getProperty("default", roots.keySet().iterator().next()).trim();
        if (!roots.containsKey(def)) {
            throw new IllegalArgumentException(file + ": default root '" + def + "' is not in 'roots'");
        }
        List<StorageRoot> out = new ArrayList<>();
        out.add(roots.remove(def));
        out.addAll(roots.values());
        return out;
    }

    /** Without settings: they may hold keys. */
    @Override
    public String toString() {
        return "StorageRoot[name=" + name + ", uri=" + uri + ", settings=" + new TreeMap<>(settings).keySet() + "]";
    }
}
