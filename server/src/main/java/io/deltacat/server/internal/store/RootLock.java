package io.deltacat.server.internal.store;

import io.deltacat.server.RootInUseException;
import io.deltacat.server.ServerStartException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on a file, held for a server's life, so that one SQLite metadata database has
 * one server: a second server on the same root would otherwise start and then fail a share of its
 * transactions with {@code SQLITE_BUSY}. The operating system releases the lock when the process
 * dies, so a crashed server never leaves a stale lock behind (the file itself stays; its presence
 * means nothing).
 *
 * <p>Inside one JVM the files held are also kept in a set and checked before the file is
 * opened: POSIX releases all of a process's locks on a file when any descriptor of that file is
 * closed, so a second server in the same JVM must not even open (and close) the lock file.
 */
public final class RootLock implements AutoCloseable {
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private RootLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock at {@code lockFile} (created when missing) for {@code root}.
     *
     * @throws RootInUseException  when another server holds it
     * @throws ServerStartException when the lock file cannot be created or locked
     */
    public static RootLock acquire(Path root, Path lockFile) {
        FileChannel channel = null;
        Path key = null;
        try {
            Files.createDirectories(lockFile.getParent());
            key = lockFile.getParent().toRealPath().resolve(lockFile.getFileName());
            if (!HELD.add(key)) {
                throw new RootInUseException(root, lockFile, "pid " + ProcessHandle.current().pid());
            }
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // not expected after the HELD check; treated the same way
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                HELD.remove(key);
                throw new RootInUseException(root, lockFile, holder);
            }
            // who holds it, for the message the next server prints (advisory: readers do not lock)
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid())
                    .getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new RootLock(key, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            if (key != null) {
                HELD.remove(key);
            }
            throw new ServerStartException("cannot lock " + lockFile + " to claim the SQLite metadata of " + root
                    + ": " + e.getMessage(), e);
        }
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(64);
            int n = channel.read(buf, 0);
            String s = n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.UTF_8).strip();
            return s.matches("pid \\d{1,19}") ? s : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    /** Releases the lock (closing the channel releases it; the file stays). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it anyway
        }
        closeQuietly(channel);
        HELD.remove(key);
    }
}
