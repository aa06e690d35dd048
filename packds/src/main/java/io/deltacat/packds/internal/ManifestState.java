package io.deltacat.packds.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.StorageException;
import io.deltacat.io.spi.AtomicOutputStream;
import io.deltacat.io.spi.Storage;
import io.deltacat.packds.EpisodeEntry;
import io.deltacat.packds.RowRange;
import io.deltacat.packds.Shard;
import io.deltacat.packds.ShardManifest;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A shard manifest being changed by one write, and the JSON form of manifests. The file is one JSON
 * object: {@code layout} ("packds"), {@code formatVersion}, {@code namespace}, {@code table},
 * {@code baseVersion}, {@code format}, {@code episodeKey}, {@code orderKey}, {@code shards} (path,
 * rows, liveRows, episodes, bytes, sha256, datasetVersion, deleted as [start, end) pairs) and
 * {@code episodes} (key, shard: the index of its shard in {@code shards}, offset, rows, liveRows, bytes).
 */
public final class ManifestState {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final int FORMAT_VERSION = 1;

    /** A shard with its deleted ranges as a start -> end map. */
    static final class ShardState {
        final String uri;
        final long rows;
        final long bytes;
        final String sha256;
        final Long datasetVersion;
        final TreeMap<Long, Long> deleted = new TreeMap<>();

        ShardState(String uri, long rows, long bytes, String sha256, Long datasetVersion) {
            this.uri = uri;
            this.rows = rows;
            this.bytes = bytes;
            this.sha256 = sha256;
            this.datasetVersion = datasetVersion;
        }

        long deletedRows() {
            long n = 0;
            for (Map.Entry<Long, Long> e : deleted.entrySet()) {
                n += e.getValue() - e.getKey();
            }
            return n;
        }

        /** Marks {@code [start, end)} deleted, merging with touching ranges. */
        void delete(long start, long end) {
            if (end <= start) {
                return;
            }
            Map.Entry<Long, Long> before = deleted.floorEntry(start);
            if (before != null && before.getValue() >= start) {
                start = before.getKey();
                end = Math.max(end, before.getValue());
            }
            Map.Entry<Long, Long> next = deleted.ceilingEntry(start);
            while (next != null && next.getKey() <= end) {
                end = Math.max(end, next.getValue());
                deleted.remove(next.getKey());
                next = deleted.ceilingEntry(start);
            }
            deleted.put(start, end);
        }

        /** Deleted rows inside {@code [start, end)}. */
        long deletedIn(long start, long end) {
            long n = 0;
            Map.Entry<Long, Long> first = deleted.floorEntry(start);
            Long from = first != null ? first.getKey() : start;
            for (Map.Entry<Long, Long> e : deleted.subMap(from, true, end, false).entrySet()) {
                n += Math.max(0, Math.min(e.getValue(), end) - Math.max(e.getKey(), start));
            }
            return n;
        }
    }

    final String namespace;
    final String table;
    final long baseVersion;
    final String format;
    final String episodeKey;
    final String orderKey;
    final Map<String, ShardState> shards = new LinkedHashMap<>();
    final Map<Object, EpisodeEntry> episodes = new LinkedHashMap<>();

    ManifestState(String namespace, String table, long baseVersion, String format, String episodeKey,
                  String orderKey) {
        this.namespace = namespace;
        this.table = table;
        this.baseVersion = baseVersion;
        this.format = format;
        this.episodeKey = episodeKey;
        this.orderKey = orderKey;
    }

    /** The state of {@code m}, to be changed by a write built on it. */
    static ManifestState of(ShardManifest m, long baseVersion) {
        ManifestState s = new ManifestState(m.namespace(), m.table(), baseVersion, m.format(), m.episodeKey(),
                m.orderKey());
        for (Shard sh : m.shards()) {
            ShardState st = new ShardState(sh.uri(), sh.rows(), sh.bytes(), sh.sha256(), sh.datasetVersion());
            sh.deleted().forEach(r -> st.deleted.put(r.start(), r.end()));
            s.shards.put(sh.uri(), st);
        }
        m.episodes().forEach(e -> s.episodes.put(e.key(), e));
        return s;
    }

    /** Moves an episode out of its shard: its rows there are deleted and the index entry removed. */
    void dropEpisode(Object key) {
        EpisodeEntry e = episodes.remove(key);
        if (e != null) {
            shards.get(e.shard()).delete(e.offset(), e.offset() + e.rows());
        }
    }

    /** Deletes one row of an episode (a DELETE of some of its keys). */
    void deleteRow(Object key, long row) {
        EpisodeEntry e = episodes.get(key);
        ShardState s = shards.get(e.shard());
        s.delete(row, row + 1);
        long live = e.rows() - s.deletedIn(e.offset(), e.offset() + e.rows());
        if (live == 0) {
            episodes.remove(key);
        } else {
            episodes.put(key, new EpisodeEntry(key, e.shard(), e.offset(), e.rows(), live, e.bytes()));
        }
    }

    /** The manifest, with shards whose rows are all deleted left out. */
    ShardManifest toManifest(long version, String manifestUri) {
        Map<String, Integer> episodeCount = new LinkedHashMap<>();
        episodes.values().forEach(e -> episodeCount.merge(e.shard(), 1, Integer::sum));
        List<Shard> out = new ArrayList<>();
        for (ShardState s : shards.values()) {
            long live = s.rows - s.deletedRows();
            if (live == 0) {
                continue;
            }
            List<RowRange> deleted = new ArrayList<>();
            s.deleted.forEach((a, b) -> deleted.add(new RowRange(a, b)));
            out.add(new Shard(s.uri, s.rows, live, episodeCount.getOrDefault(s.uri, 0), s.bytes, s.sha256,
                    s.datasetVersion, deleted));
        }
        List<EpisodeEntry> eps = new ArrayList<>(episodes.values());
        eps.sort((a, b) -> Keys.compare(a.key(), b.key()));
        return new ShardManifest(namespace, table, version, baseVersion, format, episodeKey, orderKey, out, eps,
                manifestUri);
    }

    /** Writes {@code m} as JSON to {@code uri} (whole or not at all). */
    static void write(Storage storage, String uri, ShardManifest m) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("layout", "packds").put("formatVersion", FORMAT_VERSION).put("namespace", m.namespace())
                .put("table", m.table()).put("baseVersion", m.baseVersion()).put("format", m.format())
                .put("episodeKey", m.episodeKey());
        if (m.orderKey() != null) {
            n.put("orderKey", m.orderKey());
        }
        ArrayNode shards = n.putArray("shards");
        Map<String, Integer> index = new java.util.HashMap<>();
        for (Shard s : m.shards()) {
            index.put(s.uri(), index.size());
            ObjectNode o = shards.addObject().put("path", s.uri()).put("rows", s.rows()).put("liveRows", s.liveRows())
                    .put("episodes", s.episodes()).put("bytes", s.bytes()).put("sha256", s.sha256());
            if (s.datasetVersion() != null) {
                o.put("datasetVersion", s.datasetVersion());
            } else {
                o.putNull("datasetVersion");
            }
            ArrayNode d = o.putArray("deleted");
            s.deleted().forEach(r -> d.addArray().add(r.start()).add(r.end()));
        }
        ArrayNode eps = n.putArray("episodes");
        for (EpisodeEntry e : m.episodes()) {
            ObjectNode o = eps.addObject();
            putKey(o, e.key());
            o.put("shard", index.get(e.shard())).put("offset", e.offset()).put("rows", e.rows()).put("liveRows", e.liveRows())
                    .put("bytes", e.bytes());
        }
        try {
            AtomicOutputStream out = storage.outputFile(uri).create();
            try {
                out.write(MAPPER.writeValueAsBytes(n));
            } catch (IOException | RuntimeException e) {
                out.abort();
                throw e;
            }
            out.close();
        } catch (IOException e) {
            throw new StorageException("writing packds manifest " + uri + " failed: " + e.getMessage(), e);
        }
    }

    /** Reads the manifest at {@code uri}, as of table version {@code version}. */
    static ShardManifest read(Storage storage, String uri, long version) {
        JsonNode n;
        try (InputStream in = Channels.newInputStream(storage.inputFile(uri).open())) {
            n = MAPPER.readTree(in);
        } catch (IOException e) {
            throw new StorageException("reading packds manifest " + uri + " failed: " + e.getMessage(), e);
        }
        if (!"packds".equals(n.path("layout").asText()) || n.path("formatVersion").asInt() != FORMAT_VERSION) {
            throw new StorageException("packds manifest " + uri + " is not a packds manifest of format version "
                    + FORMAT_VERSION, null);
        }
        List<Shard> shards = new ArrayList<>();
        for (JsonNode s : n.path("shards")) {
            List<RowRange> deleted = new ArrayList<>();
            for (JsonNode d : s.path("deleted")) {
                deleted.add(new RowRange(d.get(0).asLong(), d.get(1).asLong()));
            }
            shards.add(new Shard(s.path("path").asText(), s.path("rows").asLong(), s.path("liveRows").asLong(),
                    s.path("episodes").asInt(), s.path("bytes").asLong(), s.path("sha256").asText(),
                    s.hasNonNull("datasetVersion") ? s.get("datasetVersion").asLong() : null, deleted));
        }
        List<EpisodeEntry> eps = new ArrayList<>();
        for (JsonNode e : n.path("episodes")) {
            eps.add(new EpisodeEntry(key(e.get("key")), shards.get(e.path("shard").asInt()).uri(), e.path("offset").asLong(),
                    e.path("rows").asLong(), e.path("liveRows").asLong(), e.path("bytes").asLong()));
        }
        return new ShardManifest(n.path("namespace").asText(), n.path("table").asText(), version,
                n.path("baseVersion").asLong(), n.path("format").asText(), n.path("episodeKey").asText(),
                n.hasNonNull("orderKey") ? n.get("orderKey").asText() : null, shards, eps, uri);
    }

    private static void putKey(ObjectNode o, Object key) {
        if (key instanceof Long) {
            o.put("key", (Long) key);
        } else if (key instanceof String) {
            o.put("key", (String) key);
        } else if (key instanceof Boolean) {
            o.put("key", (Boolean) key);
        } else if (key instanceof BigDecimal) {
            o.put("key", (BigDecimal) key);
        } else {
            o.put("key", ((Number) key).doubleValue());
        }
    }

    private static Object key(JsonNode k) {
        if (k.isIntegralNumber()) {
            return k.asLong();
        }
        if (k.isBigDecimal()) {
            return k.decimalValue().stripTrailingZeros();
        }
        if (k.isNumber()) {
            return k.asDouble();
        }
        if (k.isBoolean()) {
            return k.asBoolean();
        }
        return k.asText();
    }
}
