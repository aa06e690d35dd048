package io.deltacat.io.lance.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.StorageException;
import io.deltacat.io.spi.Batches;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.OutputFile;
import io.deltacat.io.spi.WrittenFile;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.VectorAppender;
import org.lance.Dataset;
import org.lance.Fragment;
import org.lance.FragmentMetadata;
import org.lance.FragmentOperation;
import org.lance.WriteDatasetBuilder;
import org.lance.WriteParams;

/**
 * Writes one Lance dataset. Incoming batches are copied into a staging batch (the caller keeps its
 * batches and may reuse them); when the staging batch holds 64 MiB or 1Mi rows it is written as
 * Lance data files ({@code Fragment.write()}) into a hidden temporary dataset directory
 * ({@code .<name>.<nanos>.tmp}) beside the target. {@link #finish()} commits all fragments as version 1 of a new dataset in one
 * {@code Overwrite} operation and renames the directory into place; {@link #close()} without finish
 * deletes the temporary directory. On an object store ({@code s3:}) the fragments go under the
 * target itself, reached with the file's object-store options, and the commit's manifest is what
 * makes them a dataset (see {@link LanceFormatProvider}). Memory stays bounded by the staging size.
 */
final class LanceFormatWriter implements FormatWriter {
    static final long FLUSH_BYTES = 64L << 20;
    static final int FLUSH_ROWS = 1 << 20;

    /**
     * Writer options (null means Lance's default) and the staging limits (rows, bytes) that make the
     * writer hand rows to Lance.
     */
    record Settings(Integer maxRowsPerFile, Integer maxRowsPerGroup, String dataStorageVersion,
                    int flushRows, long flushBytes) {
        Settings(Integer maxRowsPerFile, Integer maxRowsPerGroup, String dataStorageVersion) {
            this(maxRowsPerFile, maxRowsPerGroup, dataStorageVersion, FLUSH_ROWS, FLUSH_BYTES);
        }

        WriteParams params(WriteParams.WriteMode mode, Map<String, String> storeOptions) {
            WriteParams.Builder b = new WriteParams.Builder().withMode(mode);
            if (!storeOptions.isEmpty()) {
                b.withStorageOptions(storeOptions);
            }
            if (maxRowsPerFile != null) {
                b.withMaxRowsPerFile(maxRowsPerFile);
            }
            if (maxRowsPerGroup != null) {
                b.withMaxRowsPerGroup(maxRowsPerGroup);
            }
            if (dataStorageVersion != null) {
                b.withDataStorageVersion(dataStorageVersion);
            }
            return b.build();
        }
    }

    private final String uri;
    private final OutputFile file;
    /** The local target and its temporary sibling; null on an object store. */
    private final Path target;
    private final Path tmp;
    /** Where Lance writes: the temporary directory, or the target URI on an object store. */
    private final String datasetUri;
    /** Lance's object-store options; empty for a local dataset. */
    private final Map<String, String> storeOptions;
    private final Schema schema;
    private final Schema lanceSchema;
    private final Settings settings;
    private final BufferAllocator allocator;
    private final VectorSchemaRoot staging;
    private final boolean[] appendable;
    private final List<FragmentMetadata> fragments = new ArrayList<>();
    private long rows;
    private long flushedBytes;
    private boolean failed;
    private boolean finished;
    private boolean closed;

    LanceFormatWriter(OutputFile file, Schema schema, Settings settings, BufferAllocator parent) {
        this.uri = file.uri();
        this.file = file;
        boolean local = LanceFiles.isLocal(uri);
        this.target = local ? LanceFiles.toPath(uri) : null;
        this.storeOptions = local ? Map.of() : LanceFiles.storeOptions(uri, file.objectStoreOptions());
        this.schema = schema;
        this.lanceSchema = LanceTypes.toLance(schema);
        this.settings = settings;
        this.appendable = new boolean[schema.getFields().size()];
        for (int c = 0; c < appendable.length; c++) {
            appendable[c] = appendable(schema.getFields().get(c));
        }
        this.tmp = local ? target.resolveSibling("." + target.getFileName() + "." + System.nanoTime() + ".tmp") : null;
        this.datasetUri = local ? tmp.toString() : uri;
        try {
            if (local) {
                if (Files.exists(target)) {
                    throw new FileAlreadyExistsException(target.toString());
                }
                Files.createDirectories(target.getParent());
            } else if (storedBytes().isPresent()) {
                throw new FileAlreadyExistsException(uri, null, "objects exist under the dataset's URI");
            }
        } catch (IOException e) {
            throw LanceFormatProvider.failure("create", uri, e);
        }
        this.allocator = parent.newChildAllocator("lance-writer " + uri, 0, Long.MAX_VALUE);
        try {
            this.staging = VectorSchemaRoot.create(schema, allocator);
            staging.allocateNew(); // the appender needs allocated (offset) buffers in its target
        } catch (RuntimeException e) {
            allocator.close();
            throw LanceFormatProvider.failure("write", uri, e);
        }
    }

    @Override
    public void write(VectorSchemaRoot batch) {
        checkOpen();
        checkBatch(batch);
        if (batch.getRowCount() == 0) {
            return;
        }
        try {
            append(batch);
            rows += batch.getRowCount();
            if (staging.getRowCount() >= settings.flushRows() || bufferBytes() >= settings.flushBytes()) {
                flush();
            }
        } catch (RuntimeException e) {
            failed = true;
            throw LanceFormatProvider.failure("write", uri, e);
        }
    }

    private void checkBatch(VectorSchemaRoot batch) {
        List<Field> expected = schema.getFields();
        List<FieldVector> vectors = batch.getFieldVectors();
        if (vectors.size() != expected.size()) {
            throw new InvalidRequestException("lance writer of " + uri + " expects " + expected.size()
                    + " columns, the batch has " + vectors.size());
        }
        for (int c = 0; c < expected.size(); c++) {
            Field want = expected.get(c);
            Field got = vectors.get(c).getField();
            if (!want.getName().equals(got.getName())) {
                throw new InvalidRequestException("batch column " + c + " is '" + got.getName()
                        + "', the lance writer of " + uri + " expects '" + want.getName() + "'");
            }
            if (!sameType(want, got)) {
                throw new InvalidRequestException("column '" + want.getName() + "' of the batch has type "
                        + got.getType() + ", the lance writer of " + uri + " expects " + want.getType());
            }
        }
        // refused here, naming the column, rather than deep in Lance as a storage failure
        Batches.requireNoNullsInRequiredColumns(schema, batch, uri);
    }

    private static boolean sameType(Field a, Field b) {
        if (!a.getType().equals(b.getType()) || a.getChildren().size() != b.getChildren().size()) {
            return false;
        }
        for (int i = 0; i < a.getChildren().size(); i++) {
            if (!sameType(a.getChildren().get(i), b.getChildren().get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Copies the rows of {@code batch} to the end of the staging batch: buffer by buffer with Arrow's
     * {@link VectorAppender}, except for columns holding a large list, which it cannot append
     * (it casts them to {@code ListVector}) and which are copied value by value.
     */
    private void append(VectorSchemaRoot batch) {
        int base = staging.getRowCount();
        int n = batch.getRowCount();
        for (int c = 0; c < staging.getFieldVectors().size(); c++) {
            FieldVector target = staging.getVector(c);
            FieldVector delta = batch.getVector(c);
            if (appendable[c]) {
                delta.accept(new VectorAppender(target), null);
            } else {
                for (int i = 0; i < n; i++) {
                    target.copyFromSafe(i, base + i, delta);
                }
                target.setValueCount(base + n);
            }
        }
        staging.setRowCount(base + n);
    }

    private static boolean appendable(Field field) {
        if (field.getType().getTypeID() == ArrowType.ArrowTypeID.LargeList) {
            return false;
        }
        for (Field child : field.getChildren()) {
            if (!appendable(child)) {
                return false;
            }
        }
        return true;
    }

    private long bufferBytes() {
        long n = 0;
        for (FieldVector v : staging.getFieldVectors()) {
            n += v.getBufferSize();
        }
        return n;
    }

    /** Writes the staged rows as Lance data files of the temporary dataset and empties the staging batch. */
    private void flush() {
        if (staging.getRowCount() == 0) {
            return;
        }
        flushedBytes += bufferBytes();
        // the staging vectors seen through the schema Lance can hold (same vectors, same buffers)
        VectorSchemaRoot view = new VectorSchemaRoot(lanceSchema.getFields(), staging.getFieldVectors(),
                staging.getRowCount());
        fragments.addAll(Fragment.write().datasetUri(datasetUri).allocator(allocator).data(view)
                .writeParams(settings.params(WriteParams.WriteMode.CREATE, storeOptions)).execute());
        staging.clear();
        staging.allocateNew();
    }

    @Override
    public long estimatedSize() {
        return flushedBytes + bufferBytes();
    }

    @Override
    public WrittenFile finish() {
        checkOpen();
        if (failed) {
            throw new IllegalStateException("lance writer of " + uri + " cannot finish after a failed write");
        }
        try {
            flush();
            if (target == null) {
                commit(); // the manifest, last: only now is there a dataset
                finished = true;
                return new WrittenFile(uri, rows, storedBytes().orElseThrow(() -> new java.nio.file.NoSuchFileException(
                        uri, null, "nothing stored after the commit")));
            }
            Files.createDirectories(tmp);
            commit();
            long size = LanceFiles.size(tmp);
            if (Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            finished = true;
            return new WrittenFile(uri, rows, size);
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw LanceFormatProvider.failure("write", uri, e);
        }
    }

    /**
     * Commits the fragments as version 1 of the dataset. {@code FragmentOperation} is deprecated in
     * Lance 7, but its replacement ({@code CommitBuilder} with an {@code Overwrite} operation)
     * leaks a 128-byte C Data schema from the allocator it is given.
     */
    @SuppressWarnings("deprecation")
    private void commit() {
        if (fragments.isEmpty()) { // an empty dataset: the schema and no fragment
            WriteDatasetBuilder empty = Dataset.write().allocator(allocator).uri(datasetUri).schema(lanceSchema)
                    .mode(WriteParams.WriteMode.CREATE);
            if (!storeOptions.isEmpty()) {
                empty.storageOptions(storeOptions);
            }
            if (settings.dataStorageVersion() != null) {
                empty.dataStorageVersion(settings.dataStorageVersion());
            }
            empty.execute().close();
            return;
        }
        new FragmentOperation.Overwrite(fragments, lanceSchema)
                .commit(allocator, datasetUri, Optional.empty(), storeOptions)
                .close();
    }

    /** What is stored under the URI on an object store; empty when nothing is. */
    private Optional<Long> storedBytes() throws IOException {
        try {
            return Optional.of(file.storedBytes());
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private void checkOpen() {
        if (finished || closed) {
            throw new IllegalStateException("lance writer of " + uri + " is " + (finished ? "finished" : "closed"));
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Throwable error = null;
        try {
            staging.close();
        } catch (RuntimeException e) {
            error = e;
        }
        if (!finished && tmp != null) {
            try {
                LanceFiles.deleteTree(tmp);
            } catch (IOException | RuntimeException e) {
                error = add(error, e);
            }
        }
        try {
            allocator.close();
        } catch (RuntimeException e) {
            error = add(error, e);
        }
        if (error != null) {
            throw new StorageException("lance close of " + uri + " failed: " + error.getMessage(), error);
        }
    }

    private static Throwable add(Throwable first, Throwable next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
