package io.deltacat.server.internal.catalog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who hears of committed writes (pipelines' event triggers). Told after the commit's transaction,
 * by plain writes and by transactions alike; a listener's failure never undoes a commit.
 */
public final class CommitListeners {
    private static final Logger LOG = LoggerFactory.getLogger(CommitListeners.class);

    /** Called after every commit of a write with the table's namespace and name. */
    public interface CommitListener {
        void committed(String namespace, String table);
    }

    private volatile CommitListener listener;

    /** Sets the one listener told about each committed write (after its transaction). */
    public void set(CommitListener listener) {
        this.listener = listener;
    }

    void notifyCommit(String namespace, String table) {
        CommitListener l = listener;
        if (l != null) {
            try {
                l.committed(namespace, table);
            } catch (RuntimeException e) {
                LOG.warn("commit listener failed for {}.{}", namespace, table, e);
            }
        }
    }
}
