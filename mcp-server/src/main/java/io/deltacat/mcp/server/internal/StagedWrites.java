package io.deltacat.mcp.server.internal;

import io.deltacat.api.model.StagedFile;
import io.deltacat.api.model.StagedWriteTarget;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The writes agents staged and have not yet committed or aborted: what {@code commit_write} needs
 * beyond the write id (the staged files' manifest), and who staged it. Only the caller who staged a
 * write (the same token) may commit or abort it through MCP. Entries older than the server's staging
 * lifetime are forgotten (the server expires those writes itself); at most {@link #MAX} are kept.
 */
final class StagedWrites {
    static final int MAX = 256;
    private static final Duration KEEP = Duration.ofHours(2);

    record Entry(String caller, StagedWriteTarget target, List<StagedFile> files, String mode, long rows,
                 long stagedAtNanos) {
    }

    private final Map<String, Entry> writes = new LinkedHashMap<>();

    synchronized boolean full() {
        forgetOld();
        return writes.size() >= MAX;
    }

    synchronized void put(Entry e) {
        writes.put(e.target().writeId(), e);
    }

    /** The caller's staged write, removed (it is being committed or aborted); empty when none. */
    synchronized Optional<Entry> take(String writeId, String caller) {
        Entry e = writes.get(writeId);
        if (e == null || !e.caller().equals(caller)) {
            return Optional.empty();
        }
        writes.remove(writeId);
        return Optional.of(e);
    }

    /** Puts an entry back (its commit failed without ending it, e.g. the server was briefly unavailable). */
    synchronized void restore(Entry e) {
        writes.put(e.target().writeId(), e);
    }

    private void forgetOld() {
        long cutoff = System.nanoTime() - KEEP.toNanos();
        for (Iterator<Entry> it = writes.values().iterator(); it.hasNext(); ) {
            if (it.next().stagedAtNanos() - cutoff < 0) {
                it.remove();
            }
        }
    }
}
