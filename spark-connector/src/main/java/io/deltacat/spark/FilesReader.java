package io.deltacat.spark;

import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.StorageException;
import io.deltacat.api.expr.Predicate;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.Formats;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.spi.SchemaAdapter;
import io.deltacat.io.spi.Storages;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Reads one task's data files (or row-group splits of files) on an executor, one after the other, with
 * the format providers, straight from storage. Each decoded Arrow batch is handed to Spark as it is (its vectors wrapped); a file
 * written under an older schema is adapted by field id first ({@link SchemaAdapter}). The pushed
 * predicate goes to the format reader (advisory: it may skip row groups); Spark filters the rows.
 */
final class FilesReader implements PartitionReader<ColumnarBatch> {
    private final ReadSpec spec;
    private final Iterator<FilesPartition.FileRef> files;
    private final Schema tableSchema;
    private final Schema readSchema;
    private final List<String> readColumns;
    private final Optional<Predicate> predicate;
    private final BufferAllocator allocator;
    private FilesPartition.FileRef file;
    private FormatReader reader;
    private SchemaAdapter adapter;
    private VectorSchemaRoot adapted;
    private ColumnarBatch current;
    private long remaining;

    FilesReader(ReadSpec spec, FilesPartition partition) {
        this.spec = spec;
        this.files = partition.files().iterator();
        this.tableSchema = spec.tableSchema();
        this.readSchema = spec.readSchema(tableSchema);
        this.readColumns = spec.readColumns(tableSchema);
        this.predicate = spec.predicate(tableSchema).map(p -> p.bind(tableSchema));
        this.remaining = spec.limit() >= 0 ? spec.limit() : Long.MAX_VALUE;
        this.allocator = spec.connection().client().allocator()
                .newChildAllocator("spark-read-" + spec.table(), 0, Long.MAX_VALUE);
    }

    @Override
    public boolean next() {
        releaseAdapted();
        while (remaining > 0) {
            if (reader == null) {
                if (!files.hasNext()) {
                    return false;
                }
                open(files.next());
            }
            boolean more;
            try {
                more = reader.next();
            } catch (DeltacatException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new StorageException(file.format() + ": reading " + file + " failed: " + e, e);
            }
            if (!more) {
                reader.close();
                reader = null;
                continue;
            }
            VectorSchemaRoot raw = reader.batch();
            VectorSchemaRoot batch = adapter.identity() ? raw : (adapted = adapter.adapt(raw, allocator));
            if (batch.getRowCount() == 0) {
                releaseAdapted();
                continue;
            }
            int rows = (int) Math.min(batch.getRowCount(), remaining);
            remaining -= rows;
            current = Batches2Spark.wrap(batch, spec.columns(), rows);
            return true;
        }
        return false;
    }

    private void open(FilesPartition.FileRef ref) {
        file = ref;
        String fileSchema = spec.fileSchemas().get(ref.schemaVersion());
        adapter = SchemaAdapter.of(readSchema, fileSchema == null ? null : ReadSpec.parse(fileSchema),
                JsonScalars::parse);
        ReadRequest request = adapter.identity()
                ? new ReadRequest(readColumns, predicate, spec.batchSize(), Optional.of(readSchema))
                : adapter.readRequest(spec.batchSize());
        try {
            io.deltacat.io.spi.InputFile input = Storages.forUri(ref.uri(), spec.access()).inputFile(ref.uri());
            reader = ref.split() == null ? Formats.require(ref.format()).openReader(input, request, allocator)
                    : Formats.require(ref.format()).openReader(input, request, ref.split(), allocator);
        } catch (DeltacatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StorageException(ref.format() + ": opening " + ref + " failed: " + e, e);
        }
    }

    private void releaseAdapted() {
        current = null;
        if (adapted != null) {
            adapted.close();
            adapted = null;
        }
    }

    @Override
    public ColumnarBatch get() {
        return current;
    }

    @Override
    public void close() {
        releaseAdapted();
        if (reader != null) {
            reader.close();
            reader = null;
        }
        allocator.close();
    }
}
