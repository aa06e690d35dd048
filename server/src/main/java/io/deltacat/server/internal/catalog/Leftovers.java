package io.deltacat.server.internal.catalog;

import io.deltacat.io.spi.Storage;
import io.deltacat.server.internal.storage.Roots;
import io.deltacat.server.internal.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files under the data root that no row of the catalog names at all: what a compaction or a write
 * killed half way left, a delete that failed. They are found by listing storage against what the
 * catalog references; a file younger than the grace period is left alone, since a commit naming it
 * may be on its way.
 */
final class Leftovers {
    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);

    private final CatalogStore store;
    private final Database db;

    Leftovers(CatalogStore store) {
        this.store = store;
        this.db = store.db();
    }

    /**
     * Deletes every file under the data root that the catalog does not reference and that is older
     * than {@code graceStart} (epoch nanoseconds). Referenced are: the data files not yet removed
     * (of live tables, and of dropped or superseded ones within the retention window), whatever lies
     * under the staging prefix of a write still open or prepared, the layout manifests of tables with
     * files kept, and the output folder of a
     * compaction job still held by a runner. Returns how many files were deleted.
     */
    int collectUnreferenced(long graceStart) throws SQLException, IOException {
        // read the references before listing: a file committed after this read is younger than the
        // grace period when listed, so it is never taken for a leftover. Within the read, what is in
        // progress (held compactions, open writes) comes before what is committed (data files): on
        // PostgreSQL each statement sees the commits made before it, so a compaction or a write that
        // commits between two of these statements is either still held or open in the first reads or
        // already committed in the last one (read the other way round, it was in neither, and its
        // files, written before its commit, could be taken for leftovers with a short grace period)
        Set<String> referenced = new HashSet<>();
        List<String> prefixes = new ArrayList<>();
        List<String> activeJobs = new ArrayList<>();
        db.tx(c -> {
            referenced.clear();
            prefixes.clear();
            activeJobs.clear();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM jobs WHERE state IN ('claimed', 'running')");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    activeJobs.add("/compacted-" + rs.getString(1) + "-");
                }
            }
            // a layout manifest lives as long as some file of its table is kept
            try (PreparedStatement ps = c.prepareStatement("SELECT d.layout_manifest FROM deltas d"
                    + " WHERE d.layout_manifest IS NOT NULL AND EXISTS (SELECT 1 FROM data_files f"
                    + " WHERE f.table_id = d.table_id AND f.removed_at IS NULL)");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    referenced.add(key(rs.getString(1)));
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT staging_uri FROM writes WHERE state IN ('open', 'prepared')");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    prefixes.add(key(rs.getString(1)));
                }
            }
            // verified copies at placed roots (placement) are referenced like the files they copy
            try (PreparedStatement ps = c.prepareStatement("SELECT replica_uri FROM replicas");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    referenced.add(key(rs.getString(1)));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT uri FROM data_files WHERE removed_at IS NULL");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    referenced.add(key(rs.getString(1)));
                }
            }
            return null;
        });
        int removed = 0;
        for (Roots.Root r : store.roots().all()) {
            removed += collectUnder(r, referenced, prefixes, activeJobs, graceStart);
        }
        return removed;
    }

    private int collectUnder(Roots.Root r, Set<String> referenced, List<String> prefixes, List<String> activeJobs,
                             long graceStart) throws IOException {
        String root = r.uri();
        Storage storage = r.storage();
        String own = key(root) + Names.RESERVED + "/";
        int removed = 0;
        for (String uri : storage.list(root)) {
            String key = key(uri);
            if (key.startsWith(own) || isReferenced(key, referenced) || prefixes.stream().anyMatch(key::startsWith)
                    || activeJobs.stream().anyMatch(key::contains)) {
                continue;
            }
            Optional<Instant> modified = storage.lastModified(uri);
            if (modified.isEmpty() || nanos(modified.get()) >= graceStart) {
                continue;
            }
            if (delete(storage, uri)) {
                LOG.info("deleted leftover file {}: no catalog entry references it", uri);
                removed++;
            }
        }
        return removed;
    }

    /** A file is referenced when it is a data file, or lies inside a directory-shaped one (Lance). */
    private static boolean isReferenced(String key, Set<String> referenced) {
        String at = key;
        while (at.lastIndexOf('/') > 0) {
            if (referenced.contains(at) || referenced.contains(at + "/")) {
                return true;
            }
            at = at.substring(0, at.lastIndexOf('/', at.length() - (at.endsWith("/") ? 2 : 1)) + 1);
            at = at.endsWith("/") ? at.substring(0, at.length() - 1) : at;
        }
        return false;
    }

    /**
     * A URI as one spelling: scheme and decoded path. Data files are recorded with their names
     * percent-encoded one way and listed another ({@code +} or {@code =} may be escaped or not).
     */
    static String key(String uri) {
        URI u = URI.create(uri);
        return u.getScheme() + ":" + (u.getRawAuthority() == null ? "" : "//" + u.getRawAuthority()) + u.getPath();
    }

    private static boolean delete(Storage storage, String uri) {
        try {
            storage.deletePrefix(uri);
            return true;
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete {}", uri, e);
            return false;
        }
    }

    private static long nanos(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    }
}
