package io.deltacat.server.internal.storage;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.io.spi.Storage;
import io.deltacat.io.spi.StorageAccess;
import io.deltacat.io.spi.Storages;
import io.deltacat.server.StorageRoot;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server's data roots, each with the storage that reaches it using the root's own settings. A
 * table lives in the root its table property {@code root} names (the default root without it); a
 * data file's storage is that of the root its URI lies in (longest match), so files stay readable
 * whichever root a table writes to next.
 */
public final class Roots {
    /** The table property naming the root a table's new files are written to. */
    public static final String TABLE_PROPERTY = "root";

    /**
     * One root.
     *
     * @param name      its name
     * @param uri       its URI, ending in '/'
     * @param storage   the storage reaching it with the root's settings
     * @param region    the S3 region, or null
     * @param endpoint  a custom S3 endpoint, or null
     * @param isDefault whether new tables go here unless they name another
     */
    public record Root(String name, String uri, Storage storage, String region, String endpoint, boolean isDefault) {
        /** {@code local} or {@code s3}. */
        public String type() {
            return storage.type();
        }

        /** Whether files here are local (a client reaches them without credentials). */
        public boolean local() {
            return uri.startsWith("file:");
        }
    }

    private final List<Root> roots;

    private Roots(List<Root> roots) {
        this.roots = List.copyOf(roots);
    }

    /**
     * Opens the roots, the first being the default; each S3 root's bucket is checked to be reachable
     * with its settings, and a local root's directory is created.
     *
     * @throws IOException naming the root that cannot be reached, and why
     */
    public static Roots open(List<StorageRoot> configured) throws IOException {
        if (configured.isEmpty()) {
            throw new IllegalArgumentException("a server needs at least one data root");
        }
        List<Root> out = new ArrayList<>();
        for (StorageRoot r : configured) {
            if (out.stream().anyMatch(o -> o.name().equals(r.name()))) {
                throw new IllegalArgumentException("data root '" + r.name() + "' is configured twice");
            }
            Storage storage = r.settings().isEmpty() ? Storages.forUri(r.uri(), StorageAccess.none())
                    : Storages.forUri(r.uri(), StorageAccess.configured(r.settings()));
            if (r.uri().startsWith("file:")) {
                Files.createDirectories(Path.of(URI.create(r.uri())));
            } else {
                try {
                    storage.checkReachable(r.uri());
                } catch (IOException | RuntimeException e) {
                    throw new IOException("data root '" + r.name() + "' (" + r.uri() + ") cannot be reached: "
                            + e.getMessage(), e);
                }
            }
            String region = r.scheme().equals("s3") ? r.settings().getOrDefault("region", "us-east-1") : null;
            out.add(new Root(r.name(), r.uri(), storage, region, r.settings().get("endpoint"), out.isEmpty()));
        }
        return new Roots(out);
    }

    public List<Root> all() {
        return roots;
    }

    public Root defaultRoot() {
        return roots.get(0);
    }

    /** The root of a table with these properties (property {@code root}, else the default). */
    public Root forTable(Map<String, String> properties) {
        String name = properties.get(TABLE_PROPERTY);
        return name == null ? defaultRoot() : named(name);
    }

    /** Checks the table property {@code root}, when given, names a root of this server. */
    public void checkTableProperties(Map<String, String> properties) {
        String name = properties.get(TABLE_PROPERTY);
        if (name != null) {
            named(name);
        }
    }

    private Root named(String name) {
        return roots.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow(() ->
                new InvalidRequestException("table property '" + TABLE_PROPERTY + "' names data root '" + name
                        + "', which this server does not have (it has " + roots.stream().map(Root::name).toList() + ")"));
    }

    /** The root {@code uri} lies in (longest match), if any. */
    public Optional<Root> find(String uri) {
        Root best = null;
        for (Root r : roots) {
            if (uri.startsWith(r.uri()) && (best == null || r.uri().length() > best.uri().length())) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The storage for a data file or folder: its root's, or for a local file outside every root (from
     * a root since removed from the configuration) the plain local storage.
     */
    public Storage storage(String uri) {
        return find(uri).map(Root::storage).orElseGet(() -> Storages.forUri(uri, StorageAccess.none()));
    }

    /** The folder of a table's data files in its root (staged writes and compactions live under it). */
    public String tableData(Map<String, String> properties, String namespace, String table) {
        return tableFolder(forTable(properties), namespace, table) + "data/";
    }

    /**
     * A table's folder in {@code root} (what a read of its files is scoped to), ending in '/'. Local
     * folders are spelled as the JDK spells a path's URI, S3 ones segment by segment.
     */
    public static String tableFolder(Root root, String namespace, String table) {
        if (root.local()) {
            String uri = Path.of(URI.create(root.uri())).resolve(namespace).resolve(table).toUri().toString();
            return uri.endsWith("/") ? uri : uri + "/";
        }
        return root.uri() + segment(namespace) + "/" + segment(table) + "/";
    }

    /** Makes the folder for a local staging prefix (object stores have no folders to make). */
    public void prepareFolder(String uri) throws IOException {
        if (uri.startsWith("file:")) {
            Files.createDirectories(Path.of(URI.create(uri)));
        }
    }

    /** Percent-encodes one path segment per RFC 3986 (unreserved characters stay), as local URIs spell names. */
    public static String segment(String s) {
        StringBuilder b = new StringBuilder();
        for (byte by : s.getBytes(StandardCharsets.UTF_8)) {
            int ch = by & 0xff;
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                    || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
                b.append((char) ch);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(ch >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(ch & 0xf, 16)));
            }
        }
        return b.toString();
    }
}
