package io.deltacat.server;

import java.nio.file.Path;

/**
 * Another server (in this or another process) already serves this data root with the embedded SQLite
 * metadata. SQLite takes one writer at a time, so two servers on one root would fail each other's
 * transactions; the second one refuses to start instead. Several servers may share a root when they
 * share a PostgreSQL metadata database ({@link DeltacatServer.Builder#metadataUrl}).
 */
public final class RootInUseException extends ServerStartException {
    private static final long serialVersionUID = 1L;

    private final transient Path root;
    private final transient Path lockFile;

    /**
     * @param root     the data root (or SQLite metadata file) that is taken
     * @param lockFile the lock file another server holds
     * @param holder   what the lock file says about its holder (e.g. "pid 1234"); empty when unknown
     */
    public RootInUseException(Path root, Path lockFile, String holder) {
        super("another DeltaCAT server" + (holder.isEmpty() ? "" : " (" + holder + ")") + " already serves " + root
                + " with SQLite metadata (it holds the lock " + lockFile + "); stop it or use another root;"
                + " several servers can share a root only with a PostgreSQL metadata database (--metadata-url)",
                null);
        this.root = root;
        this.lockFile = lockFile;
    }

    /** The data root (or SQLite metadata file) another server serves. */
    public Path root() {
        return root;
    }

    /** The lock file held by the other server. */
    public Path lockFile() {
        return lockFile;
    }
}
