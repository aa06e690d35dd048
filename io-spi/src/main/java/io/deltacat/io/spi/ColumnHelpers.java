package io.deltacat.io.spi;

/**
 * Whether a format reader, on the current thread, may hand the decoding of a batch's columns to
 * helper threads (a provider that decodes columns side by side asks before each batch). A reader
 * of a file read ahead of the one being consumed should not: the helpers are better spent on the
 * file the consumer waits for. Allowed unless the thread says otherwise.
 *
 * <pre>{@code
 * ColumnHelpers.allow(fileIsBeingConsumed);
 * reader.next();
 * }</pre>
 */
public final class ColumnHelpers {
    private static final ThreadLocal<Boolean> DENIED = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private ColumnHelpers() {
    }

    /** Whether readers on this thread may use helper threads. */
    public static boolean allowed() {
        return !DENIED.get();
    }

    /** Allows or denies helper threads to readers on this thread, until changed. */
    public static void allow(boolean allowed) {
        if (allowed) {
            DENIED.remove();
        } else {
            DENIED.set(Boolean.TRUE);
        }
    }
}
