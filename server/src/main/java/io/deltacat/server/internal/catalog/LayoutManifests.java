package io.deltacat.server.internal.catalog;

import static io.deltacat.server.internal.store.Sql.count;
import static io.deltacat.server.internal.store.Sql.update;

import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.MergeKeysRequiredException;
import io.deltacat.api.model.MergeKeys;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.Storage;
import io.deltacat.server.internal.catalog.Model.Commit;
import io.deltacat.server.internal.catalog.Rows.NsRow;
import io.deltacat.server.internal.catalog.Rows.TableRow;
import io.deltacat.server.internal.catalog.Rows.WriteRow;
import io.deltacat.server.internal.store.StoredJson;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Tables with a layout (table property {@code layout}, today only {@code packds}): their settings are
 * checked at creation, and every commit to them carries the layout's manifest, a JSON file staged with
 * the data files, and names the snapshot it was built on ({@code expectedSnapshot}): a commit whose
 * table moved on since is a conflict (the manifest would describe a state that never existed). The
 * delta records the manifest's URI; plans answer it. Not inside transactions or pipeline runs.
 */
final class LayoutManifests {
    static final String LAYOUT = "layout";
    static final Set<String> KNOWN = Set.of("packds");
    static final String EPISODE_KEY = "packds.episode_key";
    static final String ORDER_KEY = "packds.order_key";
    static final String TARGET_SHARD_BYTES = "packds.target_shard_bytes";
    static final String OPTIMIZATION = "read_optimization_level";
    /** Manifests larger than this are refused (a 10M-episode index is well below). */
    static final long MAX_MANIFEST_BYTES = 512L << 20;

    private final CatalogStore store;

    LayoutManifests(CatalogStore store) {
        this.store = store;
    }

    /**
     * Checks the layout settings of a table about to be created: a known layout, merge keys, an
     * episode key among them, an order key that is a column, a positive shard size.
     *
     * @param schema the table's schema with merge-key metadata
     */
    static void checkTable(Schema schema, Map<String, String> properties) {
        String layout = properties.get(LAYOUT);
        if (layout == null) {
            return;
        }
        if (!KNOWN.contains(layout)) {
            throw new InvalidRequestException("unknown table layout '" + layout + "' (known: " + KNOWN + ")");
        }
        checkNotCompacted(layout, properties);
        List<String> keys = MergeKeys.of(schema);
        if (keys.isEmpty()) {
            throw new MergeKeysRequiredException("a table of layout packds needs merge keys (e.g. episode_id, step)");
        }
        String episode = properties.getOrDefault(EPISODE_KEY, keys.get(0));
        if (!keys.contains(episode)) {
            throw new InvalidRequestException("packds episode key '" + episode + "' must be one of the merge keys "
                    + keys);
        }
        String order = properties.get(ORDER_KEY);
        if (order != null && (order.equals(episode)
                || schema.getFields().stream().map(Field::getName).noneMatch(order::equals))) {
            throw new InvalidRequestException("packds order key '" + order + "' must be a column other than the"
                    + " episode key");
        }
        String target = properties.get(TARGET_SHARD_BYTES);
        if (target != null) {
            try {
                if (Long.parseLong(target) <= 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("packds.target_shard_bytes='" + target
                        + "' is not a positive number of bytes");
            }
        }
    }

    /** A layout table keeps its files as its layout wrote them: the catalog's compaction would unpack them. */
    private static void checkNotCompacted(String layout, Map<String, String> properties) {
        String level = properties.getOrDefault(OPTIMIZATION, "none");
        if (!level.equals("none")) {
            throw new InvalidRequestException("a table of layout " + layout + " is not compacted by the catalog (it"
                    + " would unpack its shards): " + OPTIMIZATION + " must be none, not '" + level + "'");
        }
    }

    /**
     * Checks an alteration's properties against a table's: a layout and its settings are fixed at
     * creation, and a layout table is never compacted.
     */
    static void checkAlter(Map<String, String> current, Map<String, String> changes) {
        String layout = current.get(LAYOUT);
        for (String key : changes.keySet()) {
            if (key.equals(LAYOUT) || key.startsWith("packds.")) {
                throw new InvalidRequestException("table property '" + key + "' is set when the table is created"
                        + " and cannot be altered");
            }
        }
        if (layout != null) {
            checkNotCompacted(layout, changes);
        }
    }

    /** Refuses to compact a layout table (a compaction job on one fails with this). */
    static void checkCompactable(Map<String, String> properties, String name) {
        String layout = properties.get(LAYOUT);
        if (layout != null) {
            throw new InvalidRequestException("table '" + name + "' has layout " + layout
                    + ": the catalog does not compact it (it would unpack its shards)");
        }
    }

    /** The layout of the table {@code w} writes (its own, or the one the write would create it with). */
    Optional<String> layoutOf(Connection c, WriteRow w, CatalogStore store) throws SQLException {
        Optional<NsRow> ns = store.findNamespace(c, w.namespace());
        Optional<TableRow> t = ns.isPresent() ? store.findTable(c, ns.get(), w.table()) : Optional.empty();
        Map<String, String> props = t.isPresent() ? t.get().properties()
                : StoredJson.readMap(w.tablePropertiesJson());
        return Optional.ofNullable(props.get(LAYOUT));
    }

    /**
     * Checks, in the commit's transaction, that a commit to a layout table carries its manifest and was
     * built on the table's current snapshot, and that a plain table gets neither.
     */
    void checkCommit(Connection c, CatalogStore store, WriteRow w, Commit req) throws SQLException {
        Optional<String> layout = layoutOf(c, w, store);
        if (layout.isPresent() && req.layoutManifest() == null) {
            throw new InvalidRequestException("table '" + w.namespace() + "." + w.table() + "' has layout "
                    + layout.get() + ": its commits carry the layout's manifest (write through a client with the "
                    + layout.get() + " module)");
        }
        if (layout.isEmpty() && req.layoutManifest() != null) {
            throw new InvalidRequestException("table '" + w.namespace() + "." + w.table()
                    + "' has no layout: a commit to it carries no layoutManifest");
        }
        if (layout.isPresent() && w.transactionId() != null) {
            throw new InvalidRequestException("writes to a table of layout " + layout.get()
                    + " are not supported inside a transaction");
        }
        if (req.expectedSnapshot() != null) {
            Optional<NsRow> ns = store.findNamespace(c, w.namespace());
            Optional<TableRow> t = ns.isPresent() ? store.findTable(c, ns.get(), w.table()) : Optional.empty();
            long latest = t.isEmpty() ? 0 : count(c, "SELECT COALESCE(MAX(commit_time), 0) FROM deltas"
                    + " WHERE table_id = ?", t.get().id());
            if (latest != req.expectedSnapshot()) {
                throw new ConflictException("table '" + w.namespace() + "." + w.table() + "' changed since snapshot "
                        + req.expectedSnapshot() + " (now " + latest + "); write again on the new state");
            }
        }
    }

    /**
     * Checks the staged manifest file (a plain file in the write's staging prefix, at most
     * {@link #MAX_MANIFEST_BYTES}, a JSON object of the table's layout) and answers its URI; null when
     * the commit has none.
     */
    String verify(WriteRow w, Commit req) {
        String name = req.layoutManifest();
        if (name == null) {
            return null;
        }
        Names.checkFileName(name);
        String uri = w.stagingUri() + CommitVerifier.encodeSegment(name);
        Storage storage = store.storage(w.stagingUri());
        try {
            if (!storage.exists(uri)) {
                throw new InvalidRequestException("layout manifest '" + name + "' does not exist under the staging prefix");
            }
            InputFile input = storage.stagedFile(w.stagingUri(), uri);
            if (storage.size(uri) > MAX_MANIFEST_BYTES) {
                throw new InvalidRequestException("layout manifest '" + name + "' is larger than " + MAX_MANIFEST_BYTES
                        + " bytes");
            }
            JsonNode manifest;
            try (InputStream in = java.nio.channels.Channels.newInputStream(input.open())) {
                manifest = StoredJson.MAPPER.readTree(in);
            } catch (IOException | RuntimeException e) {
                throw new InvalidRequestException("layout manifest '" + name + "' is not a JSON document");
            }
            if (manifest == null || !manifest.isObject() || !KNOWN.contains(manifest.path(LAYOUT).asText())) {
                throw new InvalidRequestException("layout manifest '" + name + "' is not a JSON object naming its"
                        + " layout (one of " + KNOWN + ")");
            }
            return uri;
        } catch (IOException e) {
            throw new io.deltacat.api.error.StorageException("reading layout manifest '" + name + "' failed", e);
        }
    }

    /** Records the manifest's URI on the delta of the commit at {@code commitTime}. */
    static void record(Connection c, long commitTime, String uri) throws SQLException {
        if (uri != null) {
            update(c, "UPDATE deltas SET layout_manifest = ? WHERE commit_time = ?", uri, commitTime);
        }
    }

    /** The manifest of the newest delta of table {@code tableId} at or before {@code asOf}, or null. */
    static String asOf(Connection c, long tableId, long asOf) throws SQLException {
        try (var ps = c.prepareStatement("SELECT layout_manifest FROM deltas WHERE table_id = ? AND commit_time <= ?"
                + " ORDER BY commit_time DESC LIMIT 1")) {
            ps.setLong(1, tableId);
            ps.setLong(2, asOf);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
