package io.deltacat.server.internal.catalog;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who hears of committed writes (pipelines' event triggers, background compaction). Told after the
 * commit's transaction, by plain writes, transactions and pipeline runs' sink writes alike; a
 * listener's failure never undoes a commit, nor keeps the others from hearing of it.
 */
public final class CommitListeners {
    private static final Logger LOG = LoggerFactory.getLogger(CommitListeners.class);

    /** Called after every commit of a write with the table's namespace and name. */
    public interface CommitListener {
        void committed(String namespace, String table);
    }

    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();

    /** Adds a listener told about each committed write (after its transaction), in the order added. */
    public void add(CommitListener listener) {
        listeners.add(listener);
    }

    /** Tells every listener that a write to {@code namespace.table} committed. */
    public void notifyCommit(String namespace, String table) {
        for (CommitListener l : listeners) {
            try {
                l.committed(namespace, table);
            } catch (RuntimeException e) {
                LOG.warn("commit listener failed for {}.{}", namespace, table, e);
            }
        }
    }
}
