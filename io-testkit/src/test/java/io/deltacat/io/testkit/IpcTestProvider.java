package io.deltacat.io.testkit;

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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.LargeMemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A small honest provider for the kit's own tests (Arrow IPC files, format name {@code kitipc}), and
 * its deliberately broken variants: each {@link Breakage} is one bug the suite must catch.
 */
public final class IpcTestProvider implements FormatProvider {
    enum Breakage { NONE, DROPS_NULLS, MISORDERS_COLUMNS, LEAKS_BUFFER }

    /** The kinds it refuses, so that the refusal cases run too. */
    static final Set<Kind> REFUSED = Set.of(Kind.MAP, Kind.DURATION_US);

    private final Breakage breakage;

    public IpcTestProvider() {
        this(Breakage.NONE);
    }

    IpcTestProvider(Breakage breakage) {
        this.breakage = breakage;
    }

    @Override
    public String name() {
        return "kitipc";
    }

    @Override
    public Set<String> extensions() {
        return Set.of("kitipc");
    }

    @Override
    public void checkSchema(Schema schema) {
        for (Field f : schema.getFields()) {
            for (Kind k : REFUSED) {
                if (f.getType().equals(k.field().getType())) {
                    throw new InvalidRequestException("kitipc provider cannot store column '" + f.getName()
                            + "' of type " + f.getType());
                }
            }
        }
    }

    static StorageException failure(String op, String uri, Exception e) {
        return new StorageException("kitipc " + op + " of " + uri + " failed: " + e.getMessage(), e);
    }

    @Override
    public FormatWriter openWriter(OutputFile file, Schema schema, Map<String, String> options, BufferAllocator allocator) {
        checkSchema(schema);
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (!e.getKey().equals("compression") || !e.getValue().equals("none")) {
                throw new InvalidRequestException("kitipc has no option " + e.getKey() + "=" + e.getValue());
            }
        }
        return new Writer(file, schema, allocator);
    }

    @Override
    public FormatReader openReader(InputFile file, ReadRequest request, BufferAllocator allocator) {
        return new Reader(file, request, allocator, breakage);
    }

    private static final class Writer implements FormatWriter {
        private final String uri;
        private final Schema schema;
        private final AtomicOutputStream out;
        private final VectorSchemaRoot root;
        private final ArrowFileWriter writer;
        private long rows;
        private boolean done;

        Writer(OutputFile file, Schema schema, BufferAllocator allocator) {
            this.uri = file.uri();
            this.schema = schema;
            try {
                this.out = file.create();
            } catch (IOException e) {
                throw failure("write", uri, e);
            }
            this.root = VectorSchemaRoot.create(schema, allocator);
            this.writer = new ArrowFileWriter(root, null, Channels.newChannel(out));
            try {
                writer.start();
            } catch (IOException e) {
                close();
                throw failure("write", uri, e);
            }
        }

        @Override
        public void write(VectorSchemaRoot batch) {
            for (int c = 0; c < schema.getFields().size(); c++) {
                if (!schema.getFields().get(c).isNullable() && batch.getVector(c).getNullCount() > 0) {
                    throw new InvalidRequestException("column '" + schema.getFields().get(c).getName() + "' is not nullable");
                }
            }
            try (ArrowRecordBatch rb = new VectorUnloader(batch).getRecordBatch()) {
                new VectorLoader(root).load(rb);
                writer.writeBatch();
                rows += batch.getRowCount();
            } catch (IOException | RuntimeException e) {
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
                writer.close();
                done = true;
                root.close();
                return new WrittenFile(uri, rows, out.position());
            } catch (IOException | RuntimeException e) {
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

    private static final class Reader implements FormatReader {
        private final String uri;
        private final int batchSize;
        private final ArrowFileReader reader;
        private final int[] columns;
        private final VectorSchemaRoot out;
        private final Breakage breakage;
        private final ArrowBuf leaked;
        private VectorSchemaRoot source;
        private int offset;

        Reader(InputFile file, ReadRequest request, BufferAllocator allocator, Breakage breakage) {
            this.uri = file.uri();
            this.batchSize = request.batchSize();
            this.breakage = breakage;
            try {
                this.reader = new ArrowFileReader(file.open(), allocator);
                this.source = reader.getVectorSchemaRoot();
            } catch (IOException | RuntimeException e) {
                throw failure("read", uri, e);
            }
            List<Field> all = source.getSchema().getFields();
            List<String> names = all.stream().map(Field::getName).toList();
            List<String> wanted = request.columns().isEmpty() ? names : request.columns();
            if (breakage == Breakage.MISORDERS_COLUMNS) {
                wanted = new ArrayList<>(wanted);
                wanted.sort((a, b) -> Integer.compare(names.indexOf(a), names.indexOf(b)));
            }
            Set<String> seen = new HashSet<>();
            columns = new int[wanted.size()];
            List<Field> fields = new ArrayList<>();
            for (int i = 0; i < columns.length; i++) {
                columns[i] = names.indexOf(wanted.get(i));
                if (columns[i] < 0 || !seen.add(wanted.get(i))) {
                    closeQuietly();
                    throw new InvalidRequestException("column '" + wanted.get(i) + "' is not in kitipc file " + uri
                            + " or is asked for twice");
                }
                fields.add(all.get(columns[i]));
            }
            this.out = VectorSchemaRoot.create(new Schema(fields), allocator);
            this.leaked = breakage == Breakage.LEAKS_BUFFER ? allocator.buffer(64) : null;
        }

        private void closeQuietly() {
            try {
                reader.close();
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
                if (breakage == Breakage.DROPS_NULLS) {
                    dropNulls(targets.get(c), length);
                }
            }
            out.setRowCount(length);
            offset += length;
            return true;
        }

        /** The bug: a null slot of a flat column reads as the zero value (or empty string) under it. */
        private static void dropNulls(FieldVector v, int length) {
            if (!(v instanceof BaseFixedWidthVector) && !(v instanceof BaseVariableWidthVector)) {
                return;
            }
            for (int i = 0; i < length; i++) {
                if (v.isNull(i)) {
                    BitVectorHelper.setBit(v.getValidityBuffer(), LargeMemoryUtil.checkedCastToInt(i));
                }
            }
        }

        @Override
        public VectorSchemaRoot batch() {
            return out;
        }

        @Override
        public void close() {
            out.close(); // a LEAKS_BUFFER reader never releases `leaked`
            try {
                reader.close();
            } catch (IOException e) {
                throw failure("read", uri, e);
            }
        }
    }
}
