package io.deltacat.client.internal;

import io.deltacat.api.StagedFilesWriter;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.StorageException;
import io.deltacat.api.model.StagedFile;
import io.deltacat.api.model.StagedWriteTarget;
import io.deltacat.io.spi.ColumnStatsCollector;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.Formats;
import io.deltacat.io.spi.Storage;
import io.deltacat.io.spi.StorageAccess;
import io.deltacat.io.spi.Storages;
import io.deltacat.io.spi.WrittenFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One task's files of a distributed staged write: batches rolled into files at the target size, or
 * through a {@link LayoutWriter} when the table has partition or sort keys; every file named
 * {@code <prefix><number>.<extension>} in the target's staging prefix.
 */
final class StagedFiles implements StagedFilesWriter {
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    private final StagedWriteTarget target;
    private final Schema schema;
    private final FormatProvider provider;
    private final Storage storage;
    private final String prefix;
    private final String extension;
    private final BufferAllocator allocator;
    private final LayoutWriter layout;
    private final List<StagedFile> files = new ArrayList<>();
    private FormatWriter writer;
    private ColumnStatsCollector stats;
    private String name;
    private boolean finished;

    StagedFiles(StagedWriteTarget target, String namePrefix, ApiCalls calls, BufferAllocator allocator) {
        if (namePrefix == null || !PREFIX.matcher(namePrefix).matches()) {
            throw new InvalidRequestException("staged file name prefix must be 1-100 letters, digits, '-' or '_': '"
                    + namePrefix + "'");
        }
        this.target = target;
        this.schema = target.schema();
        this.provider = Formats.require(target.format());
        // local staging needs no access; elsewhere the write's access comes from the server (renewed,
        // uploads signed for presigned-only roots), not from the target's flat properties
        this.storage = target.credentials().isEmpty() && isLocal(target.stagingUri())
                ? Storages.forUri(target.stagingUri(), StorageAccess.none())
                : Storages.forUri(target.stagingUri(), VendedAccess.forOpenWrite(calls, target.writeId(),
                        target.stagingUri()));
        this.prefix = namePrefix;
        this.extension = provider.extensions().iterator().next();
        this.allocator = allocator;
        this.layout = target.partitionKeys().isEmpty() && target.sortKeys().isEmpty() ? null
                : new LayoutWriter(schema, target.partitionKeys(), target.sortKeys(), provider, storage,
                        target.stagingUri(), namePrefix, 0, target.formatOptions(), target.targetFileSizeBytes(),
                        allocator);
    }

    private static boolean isLocal(String uri) {
        String scheme = java.net.URI.create(uri).getScheme();
        return scheme == null || scheme.equals("file");
    }

    @Override
    public void write(VectorSchemaRoot batch) {
        if (finished) {
            throw new IllegalStateException("staged files already finished");
        }
        if (!batch.getSchema().equals(schema)) {
            throw new InvalidRequestException("batch schema " + batch.getSchema() + " differs from the write's "
                    + schema);
        }
        if (batch.getRowCount() == 0) {
            return;
        }
        try {
            if (layout != null) {
                layout.add(batch);
                return;
            }
            if (writer == null) {
                name = String.format("%s%05d.%s", prefix, files.size(), extension);
                writer = provider.openWriter(storage.outputFile(target.stagingUri() + name), schema,
                        target.formatOptions(), allocator);
                stats = new ColumnStatsCollector();
            }
            StagedWrite.writeWithStats(writer, stats, batch);
            if (writer.estimatedSize() >= target.targetFileSizeBytes()) {
                finishFile();
            }
        } catch (UncheckedIOException e) {
            throw new StorageException(e.getMessage(), e);
        }
    }

    private void finishFile() {
        WrittenFile f = writer.finish();
        files.add(new StagedFile(name, f.rowCount(), f.sizeBytes(), stats.result(), List.of()));
        writer.close();
        writer = null;
    }

    @Override
    public List<StagedFile> finish() {
        if (!finished) {
            finished = true;
            try {
                if (layout != null) {
                    for (LayoutWriter.Written w : layout.finish()) {
                        files.add(new StagedFile(w.name(), w.file().rowCount(), w.file().sizeBytes(), w.stats(),
                                w.partitionValues()));
                    }
                } else if (writer != null) {
                    finishFile();
                }
            } catch (UncheckedIOException e) {
                throw new StorageException(e.getMessage(), e);
            }
        }
        return List.copyOf(files);
    }

    @Override
    public void abort() {
        close();
        finished = true;
        try {
            java.util.Set<String> entries = new java.util.LinkedHashSet<>();
            for (String uri : storage.list(target.stagingUri())) {
                String entry = DistributedWrites.entryName(target.stagingUri(), uri);
                if (entry != null && entry.startsWith(prefix)) {
                    entries.add(entry);
                }
            }
            for (String entry : entries) {
                storage.deletePrefix(target.stagingUri() + entry);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new StorageException("deleting the staged files " + target.stagingUri() + prefix + "* failed: "
                    + e.getMessage(), e);
        }
        files.clear();
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close();
            writer = null;
        }
        if (layout != null) {
            layout.close();
        }
    }
}
