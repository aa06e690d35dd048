package io.deltacat.io.avro.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.io.spi.AtomicOutputStream;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.OutputFile;
import io.deltacat.io.spi.WriterState;
import io.deltacat.io.spi.WrittenFile;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;

/**
 * Writes Arrow batches into one Avro object container file: Avro's {@link DataFileWriter} frames
 * the blocks, compresses them and writes the header (with the Arrow schema in its metadata);
 * {@link ArrowDatumWriter} encodes each row straight from the vectors.
 */
final class AvroFormatWriter implements FormatWriter {
    /** Commits the atomic stream only when the file is finished on purpose; any other close discards it. */
    private static final class CommitGate extends OutputStream {
        private final AtomicOutputStream out;
        private boolean commit;

        CommitGate(AtomicOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (commit) {
                out.close();
            } else {
                out.abort();
            }
        }
    }

    private final String uri;
    private final Schema schema;
    private final AtomicOutputStream out;
    private final CommitGate gate;
    private final ArrowDatumWriter datumWriter = new ArrowDatumWriter();
    private final DataFileWriter<Integer> writer;
    private long rowCount;
    private final WriterState state;

    AvroFormatWriter(OutputFile file, Schema schema, org.apache.avro.Schema avroSchema, CodecFactory codec) {
        this.uri = file.uri();
        this.schema = schema;
        AtomicOutputStream stream = null;
        try {
            stream = file.create();
            CommitGate g = new CommitGate(stream);
            DataFileWriter<Integer> w = new DataFileWriter<>(datumWriter);
            w.setCodec(codec);
            w.setMeta(AvroTypes.ARROW_SCHEMA_KEY, schema.toJson());
            w.create(avroSchema, g);
            this.out = stream;
            this.state = new WriterState("avro", uri, stream, AvroFormatProvider::failure);
            this.gate = g;
            this.writer = w;
        } catch (IOException | RuntimeException e) {
            if (stream != null) {
                try {
                    stream.abort();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw AvroFormatProvider.failure("write", uri, e);
        }
    }

    @Override
    public void write(VectorSchemaRoot batch) {
        state.checkOpen();
        List<FieldVector> vectors = batch.getFieldVectors();
        List<Field> fields = schema.getFields();
        if (vectors.size() != fields.size()) {
            throw new InvalidRequestException("avro writer of " + uri + " expects " + fields.size()
                    + " columns, the batch has " + vectors.size());
        }
        int n = batch.getRowCount();
        for (int c = 0; c < vectors.size(); c++) {
            FieldVector v = vectors.get(c);
            Field expected = fields.get(c);
            if (!v.getField().getName().equals(expected.getName())
                    || !AvroTypes.describe(v.getField()).equals(AvroTypes.describe(expected))) {
                throw new InvalidRequestException("batch column " + c + " is '" + v.getField().getName()
                        + "' of type " + AvroTypes.describe(v.getField()) + ", the avro writer of " + uri
                        + " expects '" + expected.getName() + "' of type " + AvroTypes.describe(expected));
            }
            if (!expected.isNullable() && n > 0 && v.getNullCount() > 0) {
                throw new InvalidRequestException("column '" + expected.getName()
                        + "' is not nullable but the batch has nulls in it");
            }
        }
        try {
            // the schema's nullability decides the encoding, whatever the batch's fields say
            datumWriter.bind(vectors, fields);
            for (int row = 0; row < n; row++) {
                writer.append(row);
                rowCount++;
            }
        } catch (IOException | RuntimeException e) {
            throw state.failed(e);
        }
    }

    @Override
    public long estimatedSize() {
        return out.position();
    }

    @Override
    public WrittenFile finish() {
        return state.finish(rowCount, () -> {
            gate.commit = true;
            writer.close(); // flushes the last block and closes the stream: the file is now visible
        });
    }



    @Override
    public void close() {
        // the file is discarded; the buffered block is heap memory left to the garbage collector
        state.discard();
    }
}
