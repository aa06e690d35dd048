package io.deltacat.io.text.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.StorageException;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.ReadRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads an Arrow IPC file with {@link ArrowFileReader}, projecting columns and cutting record batches
 * larger than the batch size into slices. Dictionary-encoded top-level columns are decoded to their
 * values. Failures name the file and the byte offset reached.
 */
final class FeatherReader implements FormatReader {
    private static final String FORMAT = FeatherFormatProvider.NAME;
    private final String uri;
    private final int batchSize;
    private final Tracking channel;
    private final ArrowFileReader reader;
    private final VectorSchemaRoot source;
    private final int[] columns;
    /** Per output column, the dictionary its indices decode with, or null. */
    private final Dictionary[] dictionaries;
    private final BufferAllocator allocator;
    private final VectorSchemaRoot out;
    private int offset;
    private boolean closed;

    /** A channel remembering the furthest byte read, for error messages. */
    private static final class Tracking implements SeekableByteChannel {
        final SeekableByteChannel in;
        long reached;

        Tracking(SeekableByteChannel in) {
            this.in = in;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int n = in.read(dst);
            reached = Math.max(reached, in.position());
            return n;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            throw new IOException("read-only");
        }

        @Override
        public long position() throws IOException {
            return in.position();
        }

        @Override
        public SeekableByteChannel position(long p) throws IOException {
            in.position(p);
            return this;
        }

        @Override
        public long size() throws IOException {
            return in.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) throws IOException {
            throw new IOException("read-only");
        }

        @Override
        public boolean isOpen() {
            return in.isOpen();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    FeatherReader(InputFile file, ReadRequest request, BufferAllocator allocator) {
        this.uri = file.uri();
        this.batchSize = request.batchSize();
        Tracking ch = null;
        ArrowFileReader r = null;
        try {
            ch = new Tracking(file.open());
            r = new ArrowFileReader(ch, allocator, FeatherFormatProvider.CODECS);
            VectorSchemaRoot src = r.getVectorSchemaRoot();
            Schema fileSchema = src.getSchema();
            List<Field> fields = new ArrayList<>();
            int[] cols;
            if (request.columns().isEmpty()) {
                cols = new int[fileSchema.getFields().size()];
                for (int i = 0; i < cols.length; i++) {
                    cols[i] = i;
                }
                fields.addAll(fileSchema.getFields());
            } else {
                cols = new int[request.columns().size()];
                List<String> names = new ArrayList<>();
                fileSchema.getFields().forEach(f -> names.add(f.getName()));
                for (int i = 0; i < cols.length; i++) {
                    String c = request.columns().get(i);
                    if (request.columns().indexOf(c) != i) {
                        throw new InvalidRequestException("column '" + c + "' is requested more than once");
                    }
                    cols[i] = names.indexOf(c);
                    if (cols[i] < 0) {
                        throw new InvalidRequestException("column '" + c + "' is not in feather file " + uri);
                    }
                    fields.add(fileSchema.getFields().get(cols[i]));
                }
            }
            // a dictionary-encoded column (pandas categoricals, pyarrow's dictionary_encode) is read as
            // its values: the output field takes the dictionary's value type
            Map<Long, Dictionary> dictionaries = r.getDictionaryVectors();
            Dictionary[] decode = new Dictionary[cols.length];
            for (int i = 0; i < cols.length; i++) {
                Field f = fields.get(i);
                checkNoNestedDictionary(f, f.getName());
                if (f.getDictionary() != null) {
                    decode[i] = dictionaries.get(f.getDictionary().getId());
                    Field value = decode[i].getVector().getField();
                    fields.set(i, new Field(f.getName(), new FieldType(f.isNullable(), value.getType(), null,
                            f.getMetadata()), value.getChildren()));
                }
            }
            this.channel = ch;
            this.reader = r;
            this.source = src;
            this.columns = cols;
            this.dictionaries = decode;
            this.allocator = allocator;
            this.out = VectorSchemaRoot.create(new Schema(fields, fileSchema.getCustomMetadata()), allocator);
            this.offset = 0;
        } catch (IOException | RuntimeException e) {
            RuntimeException failure = failure(ch, e);
            closeQuietly(r, ch, failure);
            throw failure;
        }
    }

    private void checkNoNestedDictionary(Field f, String path) {
        for (Field c : f.getChildren()) {
            if (c.getDictionary() != null) {
                throw new InvalidRequestException("feather file " + uri + ": column '" + path + "." + c.getName()
                        + "' is dictionary-encoded inside a nested type, which is not read; store it decoded");
            }
            checkNoNestedDictionary(c, path + "." + c.getName());
        }
    }

    private RuntimeException failure(Tracking ch, Exception e) {
        if (e instanceof InvalidRequestException) {
            return (InvalidRequestException) e;
        }
        long at = ch == null ? 0 : ch.reached;
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new StorageException("feather read of " + uri + " failed at byte offset " + at + ": " + detail, e);
    }

    private static void closeQuietly(ArrowFileReader r, Tracking ch, Exception cause) {
        try {
            if (r != null) {
                r.close();
            } else if (ch != null) {
                ch.close();
            }
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public Schema schema() {
        return out.getSchema();
    }

    @Override
    public boolean next() {
        if (closed) {
            throw new IllegalStateException("feather reader of " + uri + " is closed");
        }
        try {
            while (offset >= source.getRowCount()) {
                if (!reader.loadNextBatch()) {
                    out.setRowCount(0);
                    return false;
                }
                offset = 0;
            }
        } catch (IOException | RuntimeException e) {
            throw failure(channel, e);
        }
        int rows = source.getRowCount();
        int length = Math.min(batchSize, rows - offset);
        List<FieldVector> targets = out.getFieldVectors();
        for (int c = 0; c < columns.length; c++) {
            FieldVector src = source.getVector(columns[c]);
            FieldVector dst = targets.get(c);
            dst.clear();
            if (dictionaries[c] != null) {
                decode(src, dictionaries[c], dst, offset, length);
            } else if (offset == 0 && length == rows) {
                src.makeTransferPair(dst).transfer();
            } else {
                src.makeTransferPair(dst).splitAndTransfer(offset, length);
            }
        }
        out.setRowCount(length);
        offset += length;
        return true;
    }

    /** Rows [offset, offset + length) of the dictionary indices {@code src}, as their values, into {@code dst}. */
    private void decode(FieldVector src, Dictionary dictionary, FieldVector dst, int offset, int length) {
        try (FieldVector indices = (FieldVector) src.getTransferPair(allocator).getTo()) {
            src.makeTransferPair(indices).splitAndTransfer(offset, length);
            try (ValueVector values = DictionaryEncoder.decode(indices, dictionary, allocator)) {
                values.makeTransferPair(dst).transfer();
            }
        }
    }

    @Override
    public VectorSchemaRoot batch() {
        return out;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        out.close();
        try {
            reader.close();
        } catch (IOException e) {
            throw new StorageException("feather read of " + uri + " failed: " + e.getMessage(), e);
        }
    }
}
