package io.deltacat.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.api.error.CommitOutcomeUnknownException;
import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.ServiceUnavailableException;
import io.deltacat.api.error.StorageException;
import io.deltacat.api.model.ColumnStats;
import io.deltacat.api.model.PartitionKey;
import io.deltacat.api.model.SortKey;
import io.deltacat.api.model.WriteResult;
import io.deltacat.api.options.WriteOptions;
import io.deltacat.io.spi.ColumnStatsCollector;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.Formats;
import io.deltacat.io.spi.Storage;
import io.deltacat.io.spi.Storages;
import io.deltacat.io.spi.WrittenFile;
import io.deltacat.wire.catalog.BeginWriteRequest;
import io.deltacat.wire.catalog.CommitRequest;
import io.deltacat.wire.catalog.CommitResult;
import io.deltacat.wire.catalog.CommittedFile;
import io.deltacat.wire.catalog.PlanRequest;
import io.deltacat.wire.catalog.WriteMode;
import io.deltacat.wire.catalog.WriteSession;
import io.deltacat.wire.catalog.WriteStatusState;
import io.deltacat.wire.pipelines.PrepareWriteRequest;
import io.deltacat.wire.pipelines.PreparedWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One staged write (DESIGN section 3): open a write session, write data files straight to the
 * staging prefix, then commit the manifest. Anything that fails before the commit aborts the session
 * so the server removes the staged files; a commit whose answer is lost is resolved by the write's
 * state, never by deleting files.
 */
final class StagedWrite {
    static final String BEGIN = "/v1/namespaces/{namespace}/tables/{table}/writes";
    static final String WRITE = "/v1/writes/{writeId}";
    static final String COMMIT = "/v1/writes/{writeId}/commit";
    static final String PREPARE = "/v1/writes/{writeId}/prepare";

    private final ApiCalls calls;
    private final BufferAllocator allocator;
    private final WriteOptions options;

    StagedWrite(ApiCalls calls, BufferAllocator allocator, WriteOptions options) {
        this.calls = calls;
        this.allocator = allocator;
        this.options = options;
    }

    /** A data file written and described for the manifest; {@code partitionValues} empty when unpartitioned. */
    record Staged(String name, WrittenFile file, Map<String, ColumnStats> stats, List<Object> partitionValues) {
        Staged(String name, WrittenFile file, Map<String, ColumnStats> stats) {
            this(name, file, stats, List.of());
        }
    }

    WriteResult run(BatchSource source) {
        return write(source, null).result();
    }

    /**
     * Writes like {@link #run} but, instead of committing, prepares the manifest for the completion
     * of pipeline run {@code jobId} (which commits it atomically with the run's end).
     */
    io.deltacat.api.model.StagedOutput prepare(BatchSource source, String jobId) {
        return write(source, jobId).staged();
    }

    private record Outcome(WriteResult result, io.deltacat.api.model.StagedOutput staged) {
    }

    private Outcome write(BatchSource source, String preparedFor) {
        Schema schema = source.schema();
        // fail on unstorable types before anything is created anywhere
        Formats.require(options.format()).checkSchema(schema);

        WriteSession session = begin(schema);
        String writeId = session.writeId();
        String staging = session.stagingUri();
        String format = session.format() == null ? options.format() : session.format();
        Map<String, String> tableProperties = session.tableProperties() == null ? Map.of() : session.tableProperties();
        if (tableProperties.containsKey(io.deltacat.io.spi.LayoutProvider.PROPERTY)) {
            return new Outcome(writeWithLayout(source, session, writeId, staging, format, tableProperties, preparedFor),
                    null);
        }

        List<Staged> files;
        PaddedSource padded = null;
        try {
            // the table's nullable or defaulted columns the data lacks: the files get them (null or default)
            padded = PaddedSource.of(source, session.schema(), allocator);
            BatchSource input = padded == null ? source : padded;
            Schema fileSchema = input.schema();
            FormatProvider provider = Formats.require(format);
            provider.checkSchema(fileSchema);
            Storage storage = Storages.forUri(staging, VendedAccess.forWrite(calls, writeId, staging,
                    StorageWire.credentials(session.credentials())));
            List<PartitionKey> partitionKeys = CatalogWire.partitionKeys(session.partitionKeys());
            List<SortKey> sortKeys = CatalogWire.sortKeys(session.sortKeys());
            files = partitionKeys.isEmpty() && sortKeys.isEmpty()
                    ? writeFiles(input, fileSchema, provider, storage, staging)
                    : writeLaidOut(input, fileSchema, partitionKeys, sortKeys, provider, storage, staging);
        } catch (RuntimeException | Error e) {
            abortQuietly(writeId, e);
            throw e;
        } finally {
            if (padded != null) {
                padded.close();
            }
        }
        if (preparedFor != null) {
            return new Outcome(null, prepare(writeId, format, files, preparedFor));
        }
        return new Outcome(commit(writeId, format, files), null);
    }

    /**
     * A write to a table with a layout (e.g. packds): the layout's provider stages the files on top of
     * the table's current snapshot and manifest, and the commit carries its manifest and that snapshot
     * (a commit in between makes it a conflict; nothing is applied then).
     */
    private WriteResult writeWithLayout(BatchSource source, WriteSession session, String writeId, String staging,
                                        String format, Map<String, String> tableProperties, String preparedFor) {
        io.deltacat.io.spi.LayoutResult staged;
        long base = 0;
        PaddedSource padded = null;
        try {
            io.deltacat.io.spi.LayoutProvider layout = io.deltacat.io.spi.Layouts.ofTable(tableProperties).orElseThrow();
            if (preparedFor != null) {
                throw new InvalidRequestException("a pipeline run cannot write table '" + options.namespace() + "."
                        + options.table() + "' of layout " + layout.name());
            }
            String manifest = null;
            if (Boolean.TRUE.equals(session.tableExists())) {
                io.deltacat.wire.catalog.ReadPlan plan = calls.post(DefaultCatalogClient.PLAN,
                        PathSegments.path("namespaces", options.namespace(), "tables", options.table(), "plan"),
                        new PlanRequest(null, null, null, null, null), io.deltacat.wire.catalog.ReadPlan.class);
                base = plan.snapshotTime() == null ? 0 : plan.snapshotTime();
                manifest = plan.layoutManifest();
            }
            padded = PaddedSource.of(source, session.schema(), allocator);
            BatchSource input = padded == null ? source : padded;
            Schema schema = CatalogWire.schema(session.schema());
            FormatProvider provider = Formats.require(format);
            provider.checkSchema(schema);
            List<String> mergeKeys = session.mergeKeys() == null ? List.of() : session.mergeKeys();
            layout.checkTable(schema, mergeKeys, tableProperties);
            Storage storage = Storages.forUri(staging, VendedAccess.forWrite(calls, writeId, staging,
                    StorageWire.credentials(session.credentials())));
            staged = layout.write(new io.deltacat.io.spi.LayoutWrite(options.namespace(), options.table(),
                    options.mode(), schema, mergeKeys, tableProperties, provider, options.formatOptions(), storage, staging, base,
                    manifest, input::next, allocator));
        } catch (RuntimeException | Error e) {
            abortQuietly(writeId, e);
            throw e;
        } finally {
            if (padded != null) {
                padded.close();
            }
        }
        if (staged.sidecarName() == null) {
            abortQuietly(writeId, new IllegalStateException("nothing to commit"));
            return new WriteResult(options.namespace(), options.table(), writeId, base, 0, 0, false);
        }
        List<Staged> files = new ArrayList<>();
        for (io.deltacat.io.spi.LayoutResult.StagedFile f : staged.files()) {
            files.add(new Staged(f.name(), f.file(), f.stats()));
        }
        return commit(writeId, format, files, staged.sidecarName(), base);
    }
    /** Opens the write session on the server for data of {@code schema}: the session's JSON answer. */
    WriteSession begin(Schema schema) {
        BeginWriteRequest begin = new BeginWriteRequest(WriteMode.of(options.mode().wireName()),
                CatalogWire.schema(schema), options.format(), options.autoCreateNamespace(),
                options.tableProperties(), CatalogWire.wirePartitionKeys(options.partitionKeys()),
                CatalogWire.wireSortKeys(options.sortKeys()),
                options.mergeKeys().isEmpty() ? null : options.mergeKeys());
        return calls.post(BEGIN, PathSegments.path("namespaces", options.namespace(), "tables", options.table(),
                "writes"), begin, WriteSession.class);
    }

    static Map<String, String> credentials(WriteSession session) {
        // local roots need none; the first credential's properties apply to the staging prefix
        List<io.deltacat.wire.common.StorageCredential> creds = session.credentials();
        return creds == null || creds.isEmpty() || creds.get(0).properties() == null ? Map.of()
                : creds.get(0).properties();
    }

    private List<Staged> writeFiles(BatchSource source, Schema schema, FormatProvider provider, Storage storage,
                                    String staging) {
        List<Staged> out = new ArrayList<>();
        String extension = provider.extensions().iterator().next();
        String prefix = "part-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        FormatWriter writer = null;
        ColumnStatsCollector stats = null;
        String name = null;
        try {
            if (source instanceof LocalFiles) {
                // local files already in the table's format with exactly its schema are copied as they are
                for (java.nio.file.Path p : ((LocalFiles) source).takeCopyable(provider)) {
                    String copyName = String.format("%s%05d.%s", prefix, out.size(), extension);
                    Staged copied = copy(p, copyName, schema, provider, storage, staging);
                    out.add(copied);
                    ((LocalFiles) source).copied(p, copied.file().rowCount());
                }
            }
            VectorSchemaRoot batch;
            while ((batch = source.next()) != null) {
                if (!batch.getSchema().equals(schema)) {
                    throw new InvalidRequestException("batch schema changed mid-write: " + batch.getSchema()
                            + " vs " + schema);
                }
                if (batch.getRowCount() == 0) {
                    continue;
                }
                if (writer == null) {
                    name = String.format("%s%05d.%s", prefix, out.size(), extension);
                    writer = provider.openWriter(storage.outputFile(staging + name), schema,
                            options.formatOptions(), allocator);
                    stats = new ColumnStatsCollector();
                }
                writeWithStats(writer, stats, batch);
                if (writer.estimatedSize() >= options.targetFileSizeBytes()) {
                    out.add(new Staged(name, writer.finish(), stats.result()));
                    writer.close();
                    writer = null;
                }
            }
            if (writer != null) {
                out.add(new Staged(name, writer.finish(), stats.result()));
            }
            return out;
        } catch (java.io.UncheckedIOException e) {
            throw new StorageException(e.getMessage(), e);
        } finally {
            if (writer != null) {
                writer.close();
            }
        }
    }

    /**
     * Writes a batch while a pool thread collects its column statistics: both only read the batch,
     * and the statistics were a tenth of a Parquet write's time on the writing thread.
     */
    static void writeWithStats(FormatWriter writer, ColumnStatsCollector stats, VectorSchemaRoot batch) {
        java.util.concurrent.ForkJoinTask<?> collecting =
                java.util.concurrent.ForkJoinPool.commonPool().submit(() -> stats.add(batch));
        try {
            writer.write(batch);
        } catch (RuntimeException e) {
            try {
                collecting.join(); // the batch stays untouched until the statistics are done reading it
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        collecting.join();
    }

    /**
     * The table has partition or sort keys: every batch (local files too, never copied as they are) goes
     * through a {@link LayoutWriter}, one or more files per partition value, each sorted.
     */
    private List<Staged> writeLaidOut(BatchSource source, Schema schema, List<PartitionKey> partitionKeys,
                                      List<SortKey> sortKeys, FormatProvider provider, Storage storage, String staging) {
        String prefix = "part-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        try (LayoutWriter writer = new LayoutWriter(schema, partitionKeys, sortKeys, provider, storage, staging, prefix,
                0, options.formatOptions(), options.targetFileSizeBytes(), allocator)) {
            VectorSchemaRoot batch;
            while ((batch = source.next()) != null) {
                if (!batch.getSchema().equals(schema)) {
                    throw new InvalidRequestException("batch schema changed mid-write: " + batch.getSchema()
                            + " vs " + schema);
                }
                if (batch.getRowCount() > 0) {
                    writer.add(batch);
                }
            }
            List<Staged> out = new ArrayList<>();
            for (LayoutWriter.Written w : writer.finish()) {
                out.add(new Staged(w.name(), w.file(), w.stats(), w.partitionValues()));
            }
            return out;
        } catch (java.io.UncheckedIOException e) {
            throw new StorageException(e.getMessage(), e);
        }
    }

    /** Copies a local file byte for byte into the staging prefix; its statistics come from reading the copy. */
    private Staged copy(java.nio.file.Path path, String name, Schema schema, FormatProvider provider, Storage storage,
                        String staging) {
        String uri = staging + name;
        long size;
        try {
            io.deltacat.io.spi.AtomicOutputStream out = storage.outputFile(uri).create();
            try {
                size = java.nio.file.Files.copy(path, out);
            } catch (java.io.IOException | RuntimeException e) {
                try {
                    out.abort();
                } catch (java.io.IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            out.close(); // the copy appears, whole
        } catch (java.io.IOException e) {
            throw new StorageException("copying input file " + path + " to " + uri + " failed: " + e.getMessage(), e);
        }
        ColumnStatsCollector stats = new ColumnStatsCollector();
        long rows = 0;
        try (io.deltacat.io.spi.FormatReader r = provider.openReader(storage.inputFile(uri),
                io.deltacat.io.spi.ReadRequest.all(64 * 1024).withExpectedSchema(schema), allocator)) {
            while (r.next()) {
                stats.add(r.batch());
                rows += r.batch().getRowCount();
            }
        }
        return new Staged(name, new WrittenFile(uri, rows, size), stats.result());
    }

    private io.deltacat.api.model.StagedOutput prepare(String writeId, String format, List<Staged> files,
                                                       String jobId) {
        String commitId = UUID.randomUUID().toString();
        PrepareWriteRequest body = new PrepareWriteRequest(jobId, commitId, manifest(format, files));
        try {
            calls.post(PREPARE, PathSegments.path("writes", writeId, "prepare"), body, PreparedWrite.class);
        } catch (ServiceUnavailableException lost) {
            // nothing commits without the run's completion naming this write: leave it to expire
            throw lost;
        } catch (DeltacatException refused) {
            abortQuietly(writeId, refused);
            throw refused;
        }
        long rows = files.stream().mapToLong(f -> f.file().rowCount()).sum();
        return new io.deltacat.api.model.StagedOutput(writeId,
                io.deltacat.api.model.TableRef.of(options.namespace(), options.table()), commitId, rows, files.size());
    }

    private static List<CommittedFile> manifest(String format, List<Staged> files) {
        List<CommittedFile> manifest = new ArrayList<>();
        for (Staged f : files) {
            List<JsonNode> values = null;
            if (!f.partitionValues().isEmpty()) {
                values = new ArrayList<>();
                for (Object v : f.partitionValues()) {
                    values.add(CatalogWire.scalar(v));
                }
            }
            manifest.add(new CommittedFile(f.name(), format, f.file().rowCount(), f.file().sizeBytes(),
                    CatalogWire.columns(f.stats()), values));
        }
        return manifest;
    }

    WriteResult commit(String writeId, String format, List<Staged> files) {
        return commit(writeId, format, files, null, null);
    }

    /** Commits {@code files}, with a layout's manifest and the snapshot it was staged on when it has one. */
    private WriteResult commit(String writeId, String format, List<Staged> files, String layoutManifest,
                               Long expectedSnapshot) {
        String commitId = UUID.randomUUID().toString();
        CommitRequest body = new CommitRequest(commitId, manifest(format, files), layoutManifest, expectedSnapshot);
        String key = ApiCalls.newKey();
        String path = PathSegments.path("writes", writeId, "commit");
        Committed result;
        try {
            CommitResult r = calls.post(COMMIT, path, body, key, CommitResult.class);
            result = new Committed(r.namespace(), r.table(), r.commitTime(), Boolean.TRUE.equals(r.tableCreated()));
        } catch (ServiceUnavailableException lost) {
            result = resolveLostCommit(writeId, commitId, lost);
        } catch (DeltacatException refused) {
            // the server answered: nothing of this commit was applied
            abortQuietly(writeId, refused);
            throw refused;
        }
        long rows = files.stream().mapToLong(f -> f.file().rowCount()).sum();
        return new WriteResult(str(result.namespace()), str(result.table()), writeId,
                result.commitTime() == null ? 0 : result.commitTime(), rows, files.size(), result.tableCreated());
    }

    /** What a commit's answer (or, when it was lost, the write's status) tells of the commit. */
    private record Committed(String namespace, String table, Long commitTime, boolean tableCreated) {
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }

    /**
     * The commit's answer was lost. The write's state tells whether it was applied: committed with our
     * commit id means success; still open means it was not, and aborting makes sure it never will be.
     */
    private Committed resolveLostCommit(String writeId, String commitId, ServiceUnavailableException lost) {
        io.deltacat.wire.catalog.WriteStatus status;
        try {
            status = calls.get(WRITE, PathSegments.path("writes", writeId), io.deltacat.wire.catalog.WriteStatus.class);
        } catch (DeltacatException e) {
            lost.addSuppressed(e);
            throw new CommitOutcomeUnknownException(writeId, lost);
        }
        WriteStatusState state = status.state();
        // inside a transaction the commit prepares the write; the transaction's commit applies it
        if ((state == WriteStatusState.COMMITTED || state == WriteStatusState.PREPARED)
                && commitId.equals(status.commitId())) {
            return new Committed(status.namespace(), status.table(), status.commitTime(), false);
        }
        if (state == WriteStatusState.OPEN) {
            abortQuietly(writeId, lost);
        }
        throw lost;
    }

    void abortQuietly(String writeId, Throwable cause) {
        try {
            calls.delete(WRITE, PathSegments.path("writes", writeId), Map.of());
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
