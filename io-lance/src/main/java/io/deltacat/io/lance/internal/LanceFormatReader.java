package io.deltacat.io.lance.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.ReadRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;
import org.lance.Dataset;
import org.lance.ReadOptions;
import org.lance.ipc.LanceScanner;
import org.lance.ipc.ScanOptions;

/**
 * Reads one Lance dataset ({@code Dataset.open} of its latest version) with a scanner projected to
 * the requested columns. Lance's batches are handed out in slices of at most
 * {@link ReadRequest#batchSize()} rows, their vectors transferred (not copied) into a reused batch
 * whose columns are in request order. The request's filter is advisory and not pushed down.
 */
final class LanceFormatReader implements FormatReader {
    private final String uri;
    private final int batchSize;
    private final BufferAllocator allocator;
    private final Schema schema;
    private Dataset dataset;
    private LanceScanner scanner;
    private ArrowReader batches;
    private VectorSchemaRoot root;
    private List<FieldVector> source = List.of();
    private int sourceRows;
    private int position;
    private boolean done;
    private boolean closed;

    LanceFormatReader(String uri, ReadRequest request, BufferAllocator parent) {
        this(uri, Map.of(), request, parent, request.batchSize());
    }

    /** A dataset on an object store, reached with {@code storeOptions} (see {@link LanceFiles#storeOptions}). */
    LanceFormatReader(String uri, Map<String, String> storeOptions, ReadRequest request, BufferAllocator parent) {
        this(uri, storeOptions, request, parent, request.batchSize());
    }

    /** With {@code scanBatchSize}, the batch size asked of Lance (tests ask for more rows than they take). */
    LanceFormatReader(String uri, ReadRequest request, BufferAllocator parent, long scanBatchSize) {
        this(uri, Map.of(), request, parent, scanBatchSize);
    }

    private LanceFormatReader(String uri, Map<String, String> storeOptions, ReadRequest request, BufferAllocator parent,
                              long scanBatchSize) {
        this(uri, storeOptions, request, parent, scanBatchSize, -1, -1);
    }

    /**
     * With {@code offset >= 0}, only rows {@code [offset, offset + limit)}: Lance reads just the pages
     * holding them (random access), not the rows before.
     */
    LanceFormatReader(String uri, Map<String, String> storeOptions, ReadRequest request, BufferAllocator parent,
                      long scanBatchSize, long offset, long limit) {
        this.uri = uri;
        this.batchSize = request.batchSize();
        boolean local = LanceFiles.isLocal(uri);
        Path path = local ? LanceFiles.toPath(uri) : null;
        // Batches imported from Lance keep their C ArrowArray struct alive until the last buffer is
        // released, which may be after this reader closes (the caller transfers batches out): so the
        // import happens in the caller's allocator, not in a child closed with the reader.
        this.allocator = parent;
        try {
            if (local) {
                if (!Files.isDirectory(path)) {
                    throw new NoSuchFileException(path.toString(), null, "no lance dataset directory");
                }
                dataset = Dataset.open().allocator(allocator).uri(path.toString()).build();
            } else {
                dataset = Dataset.open().allocator(allocator).uri(uri).readOptions(new ReadOptions.Builder()
                        .setStorageOptions(LanceFiles.storeOptions(uri, storeOptions)).build()).build();
            }
            Schema stored = LanceTypes.fromLance(dataset.getSchema());
            List<String> columns = request.columns().isEmpty()
                    ? stored.getFields().stream().map(Field::getName).toList()
                    : request.columns();
            Map<String, Field> byName = new HashMap<>();
            for (Field f : stored.getFields()) {
                byName.put(f.getName(), f);
            }
            Set<String> seen = new HashSet<>();
            List<Field> projected = new ArrayList<>();
            for (String name : columns) {
                if (!seen.add(name)) {
                    throw new InvalidRequestException("column '" + name + "' is requested more than once");
                }
                Field f = byName.get(name);
                if (f == null) {
                    throw new InvalidRequestException("column '" + name + "' is not in lance dataset " + uri);
                }
                projected.add(f);
            }
            this.schema = new Schema(projected, stored.getCustomMetadata());
            ScanOptions.Builder scan = new ScanOptions.Builder().columns(columns).batchSize(scanBatchSize);
            if (offset >= 0) {
                scan.offset(offset).limit(limit);
            }
            scanner = dataset.newScan(scan.build());
            batches = scanner.scanBatches();
            root = VectorSchemaRoot.create(schema, allocator);
        } catch (IOException | RuntimeException e) {
            closeQuietly(e);
            throw LanceFormatProvider.failure("read", uri, e);
        }
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public boolean next() {
        if (closed) {
            throw new IllegalStateException("lance reader of " + uri + " is closed");
        }
        if (done) {
            return false;
        }
        try {
            while (position >= sourceRows) {
                if (!batches.loadNextBatch()) {
                    done = true;
                    root.clear();
                    return false;
                }
                VectorSchemaRoot loaded = batches.getVectorSchemaRoot();
                List<FieldVector> vectors = new ArrayList<>(schema.getFields().size());
                for (Field f : schema.getFields()) {
                    FieldVector v = loaded.getVector(f.getName());
                    if (v == null) {
                        throw new IllegalStateException("the scan returned no column '" + f.getName() + "'");
                    }
                    vectors.add(v);
                }
                source = vectors;
                sourceRows = loaded.getRowCount();
                position = 0;
            }
            int n = Math.min(batchSize, sourceRows - position);
            for (int c = 0; c < source.size(); c++) {
                FieldVector from = source.get(c);
                FieldVector to = root.getVector(c);
                TransferPair pair = from.makeTransferPair(to);
                if (position == 0 && n == sourceRows) {
                    pair.transfer();
                } else {
                    to.clear();
                    pair.splitAndTransfer(position, n);
                }
            }
            root.setRowCount(n);
            position += n;
            return true;
        } catch (RuntimeException | IOException e) {
            throw LanceFormatProvider.failure("read", uri, e);
        }
    }

    @Override
    public VectorSchemaRoot batch() {
        if (closed) {
            throw new IllegalStateException("lance reader of " + uri + " is closed");
        }
        return root;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException error = closeAll();
        if (error != null) {
            throw LanceFormatProvider.failure("close", uri, error);
        }
    }

    private void closeQuietly(Exception cause) {
        closed = true;
        RuntimeException e = closeAll();
        if (e != null) {
            cause.addSuppressed(e);
        }
    }

    private RuntimeException closeAll() {
        RuntimeException error = null;
        AutoCloseable[] resources = {root, batches, scanner, dataset};
        for (AutoCloseable r : resources) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (Exception e) {
                error = add(error, e);
            }
        }
        return error;
    }

    private static RuntimeException add(RuntimeException first, Exception next) {
        if (first == null) {
            return next instanceof RuntimeException ? (RuntimeException) next : new RuntimeException(next);
        }
        first.addSuppressed(next);
        return first;
    }
}
