package io.deltacat.server.internal.placement;

import io.deltacat.io.spi.AtomicOutputStream;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.Storage;
import io.deltacat.server.internal.catalog.PlacementView;
import io.deltacat.server.internal.catalog.PlacementView.HomeFile;
import io.deltacat.server.internal.storage.Roots;
import io.deltacat.server.internal.store.Database;
import io.deltacat.server.internal.store.Sql;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies home data files to a placed root and verifies each copy before recording it: the copy's
 * size must be the size the commit verified at home, and its CRC-32C, read back from the placed root,
 * must equal the CRC-32C of the bytes read at home. Only a verified copy becomes a row of
 * {@code replicas} (what plans may name); a copy that fails verification is deleted and the attempt
 * fails, to be retried by the job queue. A copy that exists but is not recorded (the process died
 * between the copy and its row) is verified in place rather than copied again.
 */
final class Replicator {
    private static final Logger LOG = LoggerFactory.getLogger(Replicator.class);
    private static final int BUFFER = 1 << 20;

    private final Database db;
    private final PlacementView catalog;

    Replicator(Database db, PlacementView catalog) {
        this.db = db;
        this.catalog = catalog;
    }

    /** A copy that does not match its home file. */
    static final class VerificationFailedException extends IOException {
        private static final long serialVersionUID = 1L;

        VerificationFailedException(String message) {
            super(message);
        }
    }

    /** What one copy cost: bytes written to the placed root (0 when an existing copy was verified in place). */
    record Copied(String homeUri, String replicaUri, long bytesCopied) {
    }

    /** The home URIs of a placement's verified copies. */
    static Set<String> replicated(Connection c, long tableId, String root) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT home_uri FROM replicas WHERE table_id = ? AND root = ?")) {
            ps.setLong(1, tableId);
            ps.setString(2, root);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * Where a home file's copy lives at {@code target}: the same path relative to the root it lies in
     * (so a copy stays inside the table's folder there, which read access is scoped to).
     */
    static String replicaUri(Roots roots, String homeUri, Roots.Root target) {
        Roots.Root home = roots.find(homeUri).orElseThrow(() -> new IllegalStateException("data file " + homeUri
                + " lies in no configured data root"));
        return target.uri() + homeUri.substring(home.uri().length());
    }

    /**
     * Copies (or verifies in place) one home file to {@code target} and records the verified copy.
     *
     * @throws VerificationFailedException when the copy does not match (it was deleted)
     * @throws IOException                 when either root cannot be read or written
     */
    Copied replicate(long tableId, Roots.Root target, HomeFile file) throws IOException, SQLException {
        Roots roots = catalog.roots();
        if (roots.find(file.uri()).map(r -> r.name().equals(target.name())).orElse(false)) {
            // a file written while the table's home was the placed root: it is there already
            record(tableId, target.name(), file, file.uri(), "home");
            return new Copied(file.uri(), file.uri(), 0);
        }
        String copy = replicaUri(roots, file.uri(), target);
        Storage from = roots.storage(file.uri());
        Storage to = target.storage();
        if (to.exists(copy)) {
            long home = checksum(from.inputFile(file.uri()), file.sizeBytes());
            long there = checksumOrMinusOne(to.inputFile(copy), file.sizeBytes());
            if (home == there) {
                record(tableId, target.name(), file, copy, hex(home));
                return new Copied(file.uri(), copy, 0);
            }
            // a copy that is not this file (torn or tampered with): replaced
            to.deletePrefix(copy);
        }
        long home;
        try {
            home = copy(from.inputFile(file.uri()), to, copy, file.sizeBytes());
        } catch (FileAlreadyExistsException e) {
            // another runner wrote it meanwhile: verified below like any copy
            home = checksum(from.inputFile(file.uri()), file.sizeBytes());
        }
        long there = checksumOrMinusOne(to.inputFile(copy), file.sizeBytes());
        if (there != home) {
            deleteQuietly(to, copy);
            throw new VerificationFailedException("the copy of " + file.uri() + " at " + copy + " does not match it"
                    + " (size or CRC-32C); deleted, to be copied again");
        }
        record(tableId, target.name(), file, copy, hex(home));
        return new Copied(file.uri(), copy, file.sizeBytes());
    }

    /** Streams a file into {@code uri}, whole or not at all; answers the CRC-32C of the bytes read. */
    private static long copy(InputFile in, Storage to, String uri, long expectedSize) throws IOException {
        CRC32C crc = new CRC32C();
        long n = 0;
        byte[] buf = new byte[BUFFER];
        try (SeekableByteChannel ch = in.open(); InputStream is = Channels.newInputStream(ch)) {
            AtomicOutputStream out = to.outputFile(uri).create();
            try {
                for (int r; (r = is.read(buf)) > 0; ) {
                    crc.update(buf, 0, r);
                    out.write(buf, 0, r);
                    n += r;
                }
                if (n != expectedSize) {
                    throw new VerificationFailedException(in.uri() + " has " + n + " bytes where its commit recorded "
                            + expectedSize + "; not copied");
                }
            } catch (IOException | RuntimeException e) {
                out.abort();
                throw e;
            }
            out.close();
        }
        return crc.getValue();
    }

    /** The CRC-32C of a file that must have {@code expectedSize} bytes. */
    private static long checksum(InputFile in, long expectedSize) throws IOException {
        CRC32C crc = new CRC32C();
        long n = 0;
        byte[] buf = new byte[BUFFER];
        try (SeekableByteChannel ch = in.open(); InputStream is = Channels.newInputStream(ch)) {
            for (int r; (r = is.read(buf)) > 0; ) {
                crc.update(buf, 0, r);
                n += r;
            }
        }
        if (n != expectedSize) {
            throw new VerificationFailedException(in.uri() + " has " + n + " bytes, expected " + expectedSize);
        }
        return crc.getValue();
    }

    /** Like {@link #checksum}, but -1 (never a CRC-32C) for a copy of the wrong size. */
    private static long checksumOrMinusOne(InputFile in, long expectedSize) throws IOException {
        try {
            return checksum(in, expectedSize);
        } catch (VerificationFailedException e) {
            return -1;
        }
    }

    private void record(long tableId, String root, HomeFile file, String copy, String checksum) throws SQLException {
        long now = catalog.nowNs();
        db.tx(c -> Sql.update(c, "INSERT INTO replicas (table_id, root, home_uri, replica_uri, size_bytes, checksum,"
                + " verified_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (table_id, root, home_uri) DO NOTHING",
                tableId, root, file.uri(), copy, file.sizeBytes(), checksum, now));
    }

    /**
     * Deletes every copy of a placement unplaced before {@code horizon}, each row before its file (no
     * new plan names it from then on), then the placement. Returns the number of copies deleted.
     */
    static int deleteCopies(Database db, Roots roots, long tableId, String root, long horizon) throws SQLException {
        List<String[]> copies = db.tx(c -> {
            if (Sql.count(c, "SELECT COUNT(*) FROM placements WHERE table_id = ? AND root = ? AND state = 'unplaced'"
                    + " AND unplaced_at < ?", tableId, root, horizon) == 0) {
                return List.<String[]>of(); // placed again meanwhile
            }
            List<String[]> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT home_uri, replica_uri FROM replicas WHERE table_id = ?"
                    + " AND root = ?")) {
                ps.setLong(1, tableId);
                ps.setString(2, root);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
            }
            Sql.update(c, "DELETE FROM replicas WHERE table_id = ? AND root = ?", tableId, root);
            Sql.update(c, "DELETE FROM placements WHERE table_id = ? AND root = ?", tableId, root);
            return out;
        });
        int deleted = 0;
        for (String[] r : copies) {
            if (r[0].equals(r[1])) {
                continue; // the home file itself, never a copy
            }
            if (deleteQuietly(roots.storage(r[1]), r[1])) {
                deleted++;
            }
        }
        return deleted;
    }

    private static boolean deleteQuietly(Storage storage, String uri) {
        try {
            storage.deletePrefix(uri);
            return true;
        } catch (IOException | UncheckedIOException | io.deltacat.api.error.DeltacatException e) {
            // nothing references it any more: Leftovers deletes it after its grace period
            LOG.warn("could not delete copy {}: {}", uri, e.getMessage());
            return false;
        }
    }

    private static String hex(long crc) {
        return "crc32c:" + String.format("%08x", crc);
    }
}
