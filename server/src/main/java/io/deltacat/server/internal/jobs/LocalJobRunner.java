package io.deltacat.server.internal.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.model.ColumnStats;
import io.deltacat.io.spi.ColumnStatsCollector;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.Formats;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.spi.Storage;
import io.deltacat.io.spi.Storages;
import io.deltacat.io.spi.WrittenFile;
import io.deltacat.server.internal.catalog.CatalogService;
import io.deltacat.server.internal.catalog.Model.PlannedFile;
import io.deltacat.server.internal.jobs.JobService.JobRow;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the jobs the server dispatches to itself ({@code dispatch = local}): today compaction. One
 * background thread claims local jobs through the same queue as external workers (so leases,
 * fencing and retries apply), runs them and completes or fails them.
 *
 * <p>Compaction rewrites a table's live files into as few files as the target size allows, with the
 * table's format provider (found at run time), and commits them as one {@code compacted} delta that
 * supersedes everything up to the stream position it read, in the same transaction that completes
 * the job. The old files stay, so reads as of an earlier time still see them.
 */
public final class LocalJobRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalJobRunner.class);
    private static final long TARGET_FILE_BYTES = 128L << 20;
    private static final int BATCH_ROWS = 8192;

    private final JobService jobs;
    private final CatalogService catalog;
    private final ObjectMapper json;
    private final Thread thread;
    private volatile boolean stopped;

    public LocalJobRunner(JobService jobs, CatalogService catalog, ObjectMapper json) {
        this.jobs = jobs;
        this.catalog = catalog;
        this.json = json;
        this.thread = new Thread(this::loop, "deltacat-local-jobs");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!stopped) {
            try {
                if (!runOne()) {
                    jobs.awaitChange(500);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                if (stopped) {
                    return;
                }
                LOG.warn("local job runner failed; retrying", t);
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Claims and runs one local job; false when none was claimable. */
    public boolean runOne() throws Exception {
        Optional<JobRow> claimed = jobs.claim(JobService.DISPATCH_LOCAL, List.of(), List.of(), "server-local");
        if (claimed.isEmpty()) {
            return false;
        }
        JobRow job = claimed.get();
        try {
            if (!job.type().equals(JobService.COMPACTION)) {
                jobs.fail(job.id(), job.fencingToken(), "this server cannot run jobs of type '" + job.type() + "'", false);
                return true;
            }
            compact(job);
        } catch (ConflictException e) {
            // our lease was lost or the job was cancelled: someone else owns the outcome now
            LOG.info("compaction job {} stopped: {}", job.id(), e.getMessage());
        } catch (Throwable t) {
            LOG.warn("compaction job {} failed", job.id(), t);
            boolean retryable = !(t instanceof DeltacatException) || ((DeltacatException) t).problemType().status() >= 500;
            try {
                jobs.fail(job.id(), job.fencingToken(), String.valueOf(t.getMessage()), retryable);
            } catch (DeltacatException e) {
                LOG.info("could not record the failure of job {}: {}", job.id(), e.getMessage());
            }
        }
        return true;
    }

    private void compact(JobRow job) throws Exception {
        String namespace = job.context().get("namespace");
        String table = job.context().get("table");
        CatalogService.CompactionInput in = catalog.compactionInput(namespace, table);
        if (in.files().size() <= 1) {
            jobs.complete(job.id(), job.fencingToken(), 0, Long.toString(in.through()));
            return;
        }
        FormatProvider provider = Formats.require(in.format());
        String prefix = in.dataPrefix() + "compacted-" + job.id() + "-" + job.fencingToken() + "/";
        Storage storage = Storages.forUri(prefix, Map.of());
        String extension = provider.extensions().iterator().next();
        List<CatalogService.CompactedFile> written = new ArrayList<>();
        long rows = 0;
        try (BufferAllocator allocator = new RootAllocator()) {
            FormatWriter writer = null;
            ColumnStatsCollector stats = null;
            String uri = null;
            try {
                int done = 0;
                for (PlannedFile f : in.files()) {
                    FormatProvider reading = Formats.require(f.format());
                    try (FormatReader reader = reading.openReader(Storages.forUri(f.uri(), Map.of()).inputFile(f.uri()),
                            ReadRequest.all(BATCH_ROWS), allocator)) {
                        while (reader.next()) {
                            VectorSchemaRoot batch = reader.batch();
                            if (batch.getRowCount() == 0) {
                                continue;
                            }
                            if (writer == null) {
                                uri = prefix + String.format("part-%05d.%s", written.size(), extension);
                                writer = provider.openWriter(storage.outputFile(uri), in.schema(), Map.of(), allocator);
                                stats = new ColumnStatsCollector();
                            }
                            writer.write(batch);
                            stats.add(batch);
                            rows += batch.getRowCount();
                            if (writer.estimatedSize() >= TARGET_FILE_BYTES) {
                                written.add(finish(writer, uri, stats));
                                writer.close();
                                writer = null;
                            }
                        }
                    }
                    done++;
                    // progress, which also keeps the lease
                    jobs.event(job.id(), job.fencingToken(), "progress", (long) done, (long) in.files().size(),
                            Map.of("file", f.uri()), null);
                }
                if (writer != null) {
                    written.add(finish(writer, uri, stats));
                }
            } finally {
                if (writer != null) {
                    writer.close();
                }
            }
        }
        long total = rows;
        jobs.complete(job.id(), job.fencingToken(), total, Long.toString(in.through()),
                c -> catalog.commitCompaction(c, in, written));
        LOG.info("compacted {}.{}: {} files into {} ({} rows) through position {}", namespace, table,
                in.files().size(), written.size(), total, in.through());
    }

    private CatalogService.CompactedFile finish(FormatWriter writer, String uri, ColumnStatsCollector stats) {
        WrittenFile w = writer.finish();
        ObjectNode columns = json.createObjectNode();
        for (Map.Entry<String, ColumnStats> e : stats.result().entrySet()) {
            ObjectNode c = columns.putObject(e.getKey()).put("nullCount", e.getValue().nullCount());
            e.getValue().min().ifPresent(v -> put(c, "min", v));
            e.getValue().max().ifPresent(v -> put(c, "max", v));
        }
        return new CatalogService.CompactedFile(uri, w.rowCount(), w.sizeBytes(), columns);
    }

    private static void put(ObjectNode node, String field, Object value) {
        if (value instanceof Long) {
            node.put(field, (Long) value);
        } else if (value instanceof Double) {
            node.put(field, (Double) value);
        } else if (value instanceof Boolean) {
            node.put(field, (Boolean) value);
        } else if (value instanceof BigDecimal) {
            node.put(field, ((BigDecimal) value).toPlainString());
        } else {
            node.put(field, String.valueOf(value));
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
