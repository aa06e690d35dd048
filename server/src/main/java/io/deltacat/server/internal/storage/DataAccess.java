package io.deltacat.server.internal.storage;

import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.StorageException;
import io.deltacat.api.model.StorageCredential;
import io.deltacat.io.spi.UploadAnswer;
import io.deltacat.io.spi.UploadStep;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one place the server hands out storage access (DESIGN 7): for a read, access to exactly the
 * plan's files; for a write, access to new objects under its staging prefix only; for a presigned
 * upload, the signature of one request for one object of an open write. Local roots need none. What
 * is vended, and how, is the root storage's ({@link io.deltacat.io.spi.Storage#grantRead}); this
 * class decides for what. Authorization (who may read or write the table) is checked before any
 * call here.
 */
public final class DataAccess {
    /** Formats whose "file" is a directory tree written by a library with its own object-store client. */
    private static final Set<String> DIRECTORY_FORMATS = Set.of("lance");

    private final Roots roots;
    private final Duration ttl;

    /**
     * @param ttl how long vended access lasts (presigned URLs exactly; STS keys at least 15 minutes)
     */
    public DataAccess(Roots roots, Duration ttl) {
        this.roots = roots;
        this.ttl = ttl;
    }

    public Roots roots() {
        return roots;
    }

    /**
     * Access to read exactly {@code uris}, the files of a plan of table {@code namespace.table}:
     * grouped by root and scoped to the table's folder there.
     */
    public List<StorageCredential> forRead(String namespace, String table, String format, List<String> uris) {
        Map<Roots.Root, List<String>> byRoot = new LinkedHashMap<>();
        for (String uri : uris) {
            roots.find(uri).filter(r -> !r.local()).ifPresent(r -> byRoot.computeIfAbsent(r, k -> new ArrayList<>())
                    .add(uri));
        }
        List<StorageCredential> out = new ArrayList<>();
        boolean directories = DIRECTORY_FORMATS.contains(format);
        for (Map.Entry<Roots.Root, List<String>> e : byRoot.entrySet()) {
            String scope = Roots.tableFolder(e.getKey(), namespace, table);
            List<String> inside = new ArrayList<>();
            for (String uri : e.getValue()) {
                if (uri.startsWith(scope)) {
                    inside.add(uri);
                } else {
                    // a file outside the table's folder (written before a rename): access to it alone
                    out.addAll(grant(e.getKey(), uri, List.of(uri), directories));
                }
            }
            if (!inside.isEmpty()) {
                out.addAll(grant(e.getKey(), scope, inside, directories));
            }
        }
        return out;
    }

    private List<StorageCredential> grant(Roots.Root root, String scope, List<String> uris, boolean directories) {
        try {
            return root.storage().grantRead(scope, uris, ttl, directories);
        } catch (IOException e) {
            throw new StorageException("cannot vend read access to " + scope + ": " + e.getMessage(), e);
        }
    }

    /** Access to write new objects under {@code stagingUri} only (and read back what is written there). */
    public List<StorageCredential> forWrite(String stagingUri, String format) {
        Roots.Root root = roots.find(stagingUri).orElse(null);
        if (root == null || root.local()) {
            return List.of();
        }
        try {
            return root.storage().grantWrite(stagingUri, ttl, DIRECTORY_FORMATS.contains(format));
        } catch (IOException e) {
            throw new StorageException("cannot vend write access to " + stagingUri + ": " + e.getMessage(), e);
        }
    }

    /**
     * Signs or performs one upload step for a write: only while the write is open, only for a plain
     * file name directly inside its staging prefix.
     *
     * @param writeState the write's state ({@code open} is required)
     * @param path       the file's name inside the staging prefix, as the commit manifest will name it
     */
    public UploadAnswer upload(String writeId, String writeState, String stagingUri, String path,
                               UploadStep.Kind kind, String uploadId, int partNumber, List<UploadStep.Part> parts) {
        if (!writeState.equals("open")) {
            throw new ConflictException("write '" + writeId + "' is " + writeState + "; uploads are signed only for an"
                    + " open write");
        }
        Roots.Root root = roots.find(stagingUri).orElse(null);
        if (root == null || root.local()) {
            throw new InvalidRequestException("write '" + writeId + "' stages files on a local root; clients write"
                    + " them directly, nothing is signed");
        }
        String uri = stagingUri + Roots.segment(path);
        try {
            return root.storage().upload(new UploadStep(kind, uri, uploadId, partNumber, parts), ttl);
        } catch (FileAlreadyExistsException e) {
            throw new ConflictException("file '" + path + "' of write '" + writeId + "' already exists; staged files"
                    + " are never overwritten");
        } catch (IOException e) {
            throw new StorageException("cannot " + kind.name().toLowerCase(java.util.Locale.ROOT) + " the upload of '"
                    + path + "' for write '" + writeId + "': " + e.getMessage(), e);
        }
    }
}
