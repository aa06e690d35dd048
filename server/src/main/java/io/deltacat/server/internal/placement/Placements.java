package io.deltacat.server.internal.placement;

import io.deltacat.api.error.AlreadyExistsException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.server.internal.catalog.PlacementView;
import io.deltacat.server.internal.catalog.PlacementView.PlacedTable;
import io.deltacat.server.internal.jobs.JobModel;
import io.deltacat.server.internal.jobs.JobQueue;
import io.deltacat.server.internal.storage.Roots;
import io.deltacat.server.internal.store.Database;
import io.deltacat.server.internal.store.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Placement of tables on roots besides their home root: placing and unplacing, the replication
 * status of each placed root, and the replication jobs that keep copies there. A table has one home
 * root (where writes land) and any number of placed roots, each a row of {@code placements} with a
 * watermark: the commit time through which every file a read needs is present and verified at that
 * root. Copies are rows of {@code replicas}, written only after verification ({@link Replicator}).
 *
 * <p>Replication is a subscriber on the table driven by the durable job queue: every commit (and a
 * periodic check, which also resumes what a crash or a root that stayed unreachable left) queues one
 * job of type {@code replication} per placed root that is behind and has none pending or running.
 */
public final class Placements {
    private static final Logger LOG = LoggerFactory.getLogger(Placements.class);
    /** Formats whose "file" is a directory written by a library with its own object-store client. */
    private static final Set<String> DIRECTORY_FORMATS = Set.of("lance");
    static final int JOB_ATTEMPTS = 10;
    /**
     * Short, because a runner beats about every second while it copies: a server killed mid-run
     * leaves a lease that lapses soon, so the restarted server (or a peer) resumes within seconds.
     */
    static final long JOB_LEASE_MS = 20_000;

    private final Database db;
    private final PlacementView catalog;
    private final JobQueue queue;
    private final Duration retention;

    /**
     * @param retention how long the copies at a root stay after {@code unplace} (the catalog's
     *                  retention of superseded files), so reads that planned on them finish
     */
    public Placements(Database db, PlacementView catalog, JobQueue queue, Duration retention) {
        this.db = db;
        this.catalog = catalog;
        this.queue = queue;
        this.retention = retention;
    }

    /** One placed root of a table as {@code replicationStatus} reports it. */
    public record Status(String root, String state, long placedAt, boolean backfill, Long lastReplicatedCommitTime,
                         long commitsBehind, long bytesBehind, String lastError, Long deleteAfter) {
    }

    /**
     * Places {@code namespace.table} on {@code roots}: each gets a placement and a replication job
     * (with {@code backfill}, every live file is copied; else only what commits after now).
     *
     * @throws NotFoundException       for a root this server does not have (or a missing table)
     * @throws InvalidRequestException for the table's home root, or no root named
     * @throws AlreadyExistsException  for a root the table is already placed on
     */
    public List<Status> place(String namespace, String table, List<String> roots, boolean backfill) throws SQLException {
        if (roots == null || roots.isEmpty() || roots.size() > 64) {
            throw new InvalidRequestException("field 'roots' must name 1 to 64 data roots");
        }
        Set<String> names = new LinkedHashSet<>(roots);
        if (names.size() != roots.size()) {
            throw new InvalidRequestException("field 'roots' names a root more than once: " + roots);
        }
        List<Status> out = db.tx(c -> {
            PlacedTable t = catalog.requireTable(c, namespace, table);
            Roots.Root home = catalog.homeRoot(t);
            if (DIRECTORY_FORMATS.contains(t.format()) || t.properties().containsKey("layout")) {
                throw new UnsupportedFeatureException("table '" + namespace + "." + table + "' cannot be placed: its"
                        + " files are directories or a layout's shards (format " + t.format() + "), which"
                        + " replication does not copy yet");
            }
            for (String name : names) {
                Roots.Root root = root(name);
                if (root.name().equals(home.name())) {
                    throw new InvalidRequestException("data root '" + name + "' is the home root of table '" + namespace
                            + "." + table + "' (where its writes land); place it on other roots");
                }
            }
            long now = catalog.nextTime(c);
            for (String name : names) {
                String state = stateOf(c, t.id(), name);
                if ("active".equals(state)) {
                    throw new AlreadyExistsException("table '" + namespace + "." + table + "' is already placed on"
                            + " data root '" + name + "'");
                }
                if (state == null) {
                    // without backfill, only what commits after now is copied: the watermark starts here
                    Sql.update(c, "INSERT INTO placements (table_id, root, state, placed_at, backfill, backfill_done,"
                            + " watermark) VALUES (?, ?, 'active', ?, ?, ?, ?)", t.id(), name, now, backfill ? 1 : 0,
                            backfill ? 0 : 1, backfill ? 0L : now);
                } else {
                    // placed again before the copies of an unplace were deleted: they are still good
                    // (files never change), and replication resumes from the watermark it had
                    Sql.update(c, "UPDATE placements SET state = 'active', unplaced_at = NULL, placed_at = ?,"
                            + " backfill = ?, backfill_done = ?, failed_at = NULL, last_error = NULL"
                            + " WHERE table_id = ? AND root = ?", now, backfill ? 1 : 0, backfill ? 0 : 1, t.id(), name);
                }
                ensureJob(c, t.id(), name, namespace, table);
            }
            return statusIn(c, t);
        });
        queue.notifyChanged();
        return out;
    }

    /**
     * Stops replication to {@code root}; its copies are deleted once the retention window has passed
     * (plans made before keep reading them until then; new plans read from home).
     *
     * @throws NotFoundException when the table is not placed on that root
     */
    public void unplace(String namespace, String table, String root) throws SQLException {
        db.tx(c -> {
            PlacedTable t = catalog.requireTable(c, namespace, table);
            if (!"active".equals(stateOf(c, t.id(), root))) {
                throw new NotFoundException("table '" + namespace + "." + table + "' is not placed on data root '"
                        + root + "'");
            }
            Sql.update(c, "UPDATE placements SET state = 'unplaced', unplaced_at = ? WHERE table_id = ? AND root = ?",
                    catalog.nowNs(), t.id(), root);
            String job = jobOf(c, t.id(), root);
            if (job != null) {
                queue.cancelPending(c, job);
            }
            return null;
        });
    }

    /** The replication status of each root the table is placed on (and of unplaced ones not yet deleted). */
    public List<Status> status(String namespace, String table) throws SQLException {
        return db.tx(c -> statusIn(c, catalog.requireTable(c, namespace, table)));
    }

    private List<Status> statusIn(Connection c, PlacedTable t) throws SQLException {
        List<Status> out = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT root, state, placed_at, backfill, backfill_done, watermark,"
                + " last_error, failed_at, unplaced_at FROM placements WHERE table_id = ? ORDER BY root")) {
            ps.setLong(1, t.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3), rs.getInt(4) == 1,
                            rs.getInt(5) == 1, rs.getLong(6), rs.getString(7), Sql.nullableLong(rs, 8),
                            Sql.nullableLong(rs, 9)});
                }
            }
        }
        for (Object[] r : rows) {
            String root = (String) r[0];
            boolean active = r[1].equals("active");
            boolean backfillDone = (Boolean) r[4];
            long watermark = (Long) r[5];
            long behind = Sql.count(c, "SELECT COUNT(DISTINCT commit_time) FROM deltas WHERE table_id = ?"
                    + " AND commit_time > ?", t.id(), watermark);
            long bytes = bytesBehind(c, t.id(), root, backfillDone, watermark);
            String state;
            if (!active) {
                state = "paused";
            } else if (r[7] != null) {
                state = "failed";
            } else if (!backfillDone) {
                state = "backfilling";
            } else if (behind == 0) {
                state = "in_sync";
            } else {
                state = "lagging";
            }
            Long deleteAfter = r[8] == null ? null : (Long) r[8] + retention.toNanos();
            out.add(new Status(root, state, (Long) r[2], (Boolean) r[3], watermark == 0 ? null : watermark, behind,
                    bytes, (String) r[6], deleteAfter));
        }
        return out;
    }

    /** Bytes of the files a placement still lacks: the live files while backfilling, the newer deltas' files. */
    private long bytesBehind(Connection c, long tableId, String root, boolean backfillDone, long watermark)
            throws SQLException {
        Set<String> have = Replicator.replicated(c, tableId, root);
        Set<String> counted = new HashSet<>();
        long bytes = 0;
        if (!backfillDone) {
            for (PlacementView.HomeFile f : catalog.liveFiles(c, tableId)) {
                if (!have.contains(f.uri()) && counted.add(f.uri())) {
                    bytes += f.sizeBytes();
                }
            }
        }
        for (PlacementView.DeltaFiles d : catalog.deltasAfter(c, tableId, watermark, Integer.MAX_VALUE)) {
            for (PlacementView.HomeFile f : d.files()) {
                if (!have.contains(f.uri()) && counted.add(f.uri())) {
                    bytes += f.sizeBytes();
                }
            }
        }
        return bytes;
    }

    /** The commit listener: queues replication of a committed table to each root it is placed on. */
    public void committed(String namespace, String table) {
        try {
            boolean queued = db.tx(c -> {
                PlacedTable t;
                try {
                    t = catalog.requireTable(c, namespace, table);
                } catch (NotFoundException e) {
                    return false;
                }
                boolean any = false;
                for (String root : activeRoots(c, t.id())) {
                    any |= ensureJob(c, t.id(), root, namespace, table);
                }
                return any;
            });
            if (queued) {
                queue.notifyChanged();
            }
        } catch (SQLException | RuntimeException e) {
            // the periodic check queues it later
            LOG.warn("could not queue replication of {}.{}: {}", namespace, table, e.getMessage());
        }
    }

    /**
     * Queues a replication job for every active placement of a live table that is behind and has no
     * job pending or running: what a crash, a commit listener's failure or a job that gave up left.
     *
     * @return the number of jobs queued
     */
    public int ensureJobs() throws SQLException {
        int queued = db.tx(c -> {
            Map<Long, List<String>> placed = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT p.table_id, p.root FROM placements p JOIN tables t"
                    + " ON t.id = p.table_id WHERE p.state = 'active' AND t.dropped_at IS NULL"
                    + " AND (p.backfill_done = 0 OR EXISTS (SELECT 1 FROM deltas d WHERE d.table_id = p.table_id"
                    + " AND d.commit_time > p.watermark))");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    placed.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
            int n = 0;
            for (Map.Entry<Long, List<String>> e : placed.entrySet()) {
                PlacedTable t = catalog.liveTable(c, e.getKey()).orElse(null);
                if (t == null) {
                    continue;
                }
                for (String root : e.getValue()) {
                    n += ensureJob(c, t.id(), root, t.namespace(), t.name()) ? 1 : 0;
                }
            }
            return n;
        });
        if (queued > 0) {
            queue.notifyChanged();
        }
        return queued;
    }

    /**
     * Deletes the copies of placements unplaced longer ago than the retention window, then the
     * placements themselves. Returns the number of copies deleted.
     */
    public int collectUnplaced() throws SQLException {
        long horizon = catalog.nowNs() - retention.toNanos();
        List<Object[]> due = db.tx(c -> {
            List<Object[]> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT table_id, root FROM placements"
                    + " WHERE state = 'unplaced' AND unplaced_at < ?")) {
                ps.setLong(1, horizon);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Object[] {rs.getLong(1), rs.getString(2)});
                    }
                }
            }
            return out;
        });
        int deleted = 0;
        for (Object[] p : due) {
            deleted += Replicator.deleteCopies(db, catalog.roots(), (Long) p[0], (String) p[1], horizon);
        }
        if (deleted > 0) {
            LOG.info("deleted {} copies of unplaced tables", deleted);
        }
        return deleted;
    }

    /**
     * Queues a replication job for one placement unless one is pending or running.
     *
     * @return whether a job was queued
     */
    boolean ensureJob(Connection c, long tableId, String root, String namespace, String table) throws SQLException {
        String job = jobOf(c, tableId, root);
        if (job != null && Sql.count(c, "SELECT COUNT(*) FROM jobs WHERE id = ? AND state IN ('pending', 'claimed',"
                + " 'running')", job) > 0) {
            return false;
        }
        Map<String, String> context = new LinkedHashMap<>();
        context.put("tableId", Long.toString(tableId));
        context.put("root", root);
        context.put("namespace", namespace);
        context.put("table", table);
        String id = queue.insert(c, new JobModel.Submit(JobModel.REPLICATION, context, List.of(), JOB_ATTEMPTS,
                JOB_LEASE_MS)).id();
        Sql.update(c, "UPDATE placements SET job_id = ? WHERE table_id = ? AND root = ?", id, tableId, root);
        return true;
    }

    private Roots.Root root(String name) {
        return catalog.roots().all().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow(() ->
                new NotFoundException("data root '" + name + "' does not exist; this server has "
                        + catalog.roots().all().stream().map(Roots.Root::name).toList()));
    }

    private static List<String> activeRoots(Connection c, long tableId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT root FROM placements WHERE table_id = ?"
                + " AND state = 'active' ORDER BY root")) {
            ps.setLong(1, tableId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    static String stateOf(Connection c, long tableId, String root) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state FROM placements WHERE table_id = ? AND root = ?")) {
            ps.setLong(1, tableId);
            ps.setString(2, root);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static String jobOf(Connection c, long tableId, String root) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT job_id FROM placements WHERE table_id = ? AND root = ?")) {
            ps.setLong(1, tableId);
            ps.setString(2, root);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
