package io.deltacat.example.plugin;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.StorageException;
import io.deltacat.io.spi.AtomicOutputStream;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.OutputFile;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.spi.WrittenFile;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The {@code arrowz} format (extension {@code .arrowz}): an Arrow IPC stream, gzip-compressed. It holds
 * every Arrow type and the exact schema. A complete third-party format plugin in one class: it depends
 * only on {@code io.deltacat.io.spi} (and Arrow, through it), and its module declares
 * {@code provides io.deltacat.io.spi.FormatProvider with io.deltacat.example.plugin.ArrowzFormatProvider}.
 */
public final class ArrowzFormatProvider implements FormatProvider {

    @Override
    public String name() {
        return "arrowz";
    }

    @Override
    public Set<String> extensions() {
        return Set.of("arrowz");
    }

    @Override
    public void checkSchema(Schema schema) {
        for (Field f : schema.getFields()) {
            if (f.getDictionary() != null) {
                throw new InvalidRequestException("column '" + f.getName()
                        + "' is dictionary-encoded, which the arrowz format does not support");
            }
        }
    }

    @Override
    public FormatWriter openWriter(OutputFile file, Schema schema, Map<String, String> options,
                                   BufferAllocator allocator) {
        if (!options.isEmpty()) {
            throw new InvalidRequestException("the arrowz format has no options, got " + options.keySet());
        }
        checkSchema(schema);
        return new Writer(file, schema, allocator);
    }

    @Override
    public FormatReader openReader(InputFile file, ReadRequest request, BufferAllocator allocator) {
        return new Reader(file, request, allocator);
    }

    private static StorageException failure(String op, String uri, Exception e) {
        return new StorageException("arrowz " + op + " of " + uri + " failed: " + e.getMessage(), e);
    }

    /** Loads each batch (zero-copy) into its own root and appends it to the gzip stream. */
    private static final class Writer implements FormatWriter {
        private final String uri;
        private final AtomicOutputStream out;
        private final VectorSchemaRoot root;
        private final ArrowStreamWriter writer;
        private long rows;
        private boolean done;

        Writer(OutputFile file, Schema schema, BufferAllocator allocator) {
            this.uri = file.uri();
            try {
                this.out = file.create();
            } catch (IOException e) {
                throw failure("write", uri, e);
            }
            this.root = VectorSchemaRoot.create(schema, allocator);
            try {
                // the file appears only when `out` is closed, after finish()
                this.writer = new ArrowStreamWriter(root, null, Channels.newChannel(new GZIPOutputStream(out, 1 << 16)));
                writer.start();
            } catch (IOException | RuntimeException e) {
                close();
                throw failure("write", uri, e);
            }
        }

        @Override
        public void write(VectorSchemaRoot batch) {
            for (FieldVector v : batch.getFieldVectors()) {
                Field declared = root.getSchema().findField(v.getName());
                if (declared != null && !declared.isNullable() && v.getNullCount() > 0) {
                    throw new InvalidRequestException("column '" + v.getName() + "' is declared non-null but holds "
                            + v.getNullCount() + " nulls");
                }
            }
            try (ArrowRecordBatch rb = new VectorUnloader(batch).getRecordBatch()) {
                new VectorLoader(root).load(rb);
                writer.writeBatch();
                rows += batch.getRowCount();
            } catch (IOException e) {
                throw failure("write", uri, e);
            }
        }

        @Override
        public long estimatedSize() {
            return out.position();
        }

        @Override
        public WrittenFile finish() {
            try {
                writer.end();
                writer.close(); // closes the gzip stream and `out`: the file appears, whole
                done = true;
                root.close();
                return new WrittenFile(uri, rows, out.position());
            } catch (IOException e) {
                close();
                throw failure("write", uri, e);
            }
        }

        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            root.close();
            try {
                out.abort();
            } catch (IOException e) {
                throw failure("write", uri, e);
            }
        }
    }

    /** Reads the stream's batches, projected, cut to at most {@code batchSize} rows. */
    private static final class Reader implements FormatReader {
        private final String uri;
        private final int batchSize;
        private final ArrowStreamReader reader;
        private final int[] columns;
        private final VectorSchemaRoot out;
        private VectorSchemaRoot source;
        private int offset;

        Reader(InputFile file, ReadRequest request, BufferAllocator allocator) {
            this.uri = file.uri();
            this.batchSize = request.batchSize();
            try {
                this.reader = new ArrowStreamReader(new GZIPInputStream(Channels.newInputStream(file.open()), 1 << 16),
                        allocator);
                this.source = reader.getVectorSchemaRoot();
            } catch (IOException e) {
                throw failure("read", uri, e);
            }
            List<Field> all = source.getSchema().getFields();
            List<String> names = new ArrayList<>();
            all.forEach(f -> names.add(f.getName()));
            List<String> wanted = request.columns().isEmpty() ? names : request.columns();
            columns = new int[wanted.size()];
            List<Field> fields = new ArrayList<>();
            for (int i = 0; i < columns.length; i++) {
                columns[i] = names.indexOf(wanted.get(i));
                if (columns[i] < 0 || wanted.subList(0, i).contains(wanted.get(i))) {
                    close(reader);
                    throw new InvalidRequestException("column '" + wanted.get(i) + "' is "
                            + (columns[i] < 0 ? "not in" : "asked for twice from") + " arrowz file " + uri);
                }
                fields.add(all.get(columns[i]));
            }
            this.out = VectorSchemaRoot.create(new Schema(fields), allocator);
        }

        private static void close(ArrowStreamReader r) {
            try {
                r.close();
            } catch (IOException ignored) {
                // already failing
            }
        }

        @Override
        public Schema schema() {
            return out.getSchema();
        }

        @Override
        public boolean next() {
            try {
                while (offset >= source.getRowCount()) {
                    if (!reader.loadNextBatch()) {
                        return false;
                    }
                    offset = 0;
                }
            } catch (IOException e) {
                throw failure("read", uri, e);
            }
            int length = Math.min(batchSize, source.getRowCount() - offset);
            List<FieldVector> targets = out.getFieldVectors();
            for (int c = 0; c < columns.length; c++) {
                targets.get(c).clear();
                source.getVector(columns[c]).makeTransferPair(targets.get(c)).splitAndTransfer(offset, length);
            }
            out.setRowCount(length);
            offset += length;
            return true;
        }

        @Override
        public VectorSchemaRoot batch() {
            return out;
        }

        @Override
        public void close() {
            out.close();
            try {
                reader.close();
            } catch (IOException e) {
                throw failure("read", uri, e);
            }
        }
    }
}
