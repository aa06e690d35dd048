package io.deltacat.io.orc.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.io.spi.AtomicOutputStream;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.OutputFile;
import io.deltacat.io.spi.WriterState;
import io.deltacat.io.spi.WrittenFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import io.deltacat.bundle.orc.shaded.CompressionKind;
import io.deltacat.bundle.orc.shaded.MemoryManager;
import io.deltacat.bundle.orc.shaded.OrcFile;
import io.deltacat.bundle.orc.shaded.TypeDescription;
import io.deltacat.bundle.orc.shaded.Writer;
import io.deltacat.bundle.orc.shaded.impl.PhysicalFsWriter;
import io.deltacat.bundle.orc.shaded.impl.writer.WriterEncryptionVariant;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.VectorizedRowBatch;

/**
 * Writes Arrow batches into one ORC file with ORC's vectorized writer: each Arrow batch is copied
 * into a reused {@link VectorizedRowBatch} of {@value #ROWS} rows at a time and handed to
 * {@link Writer#addRowBatch}. ORC writes through a {@link PhysicalFsWriter} over our atomic stream
 * (no Hadoop file system); stripes are sized by ORC itself.
 */
final class OrcFormatWriter implements FormatWriter {
    static final int ROWS = 1024;

    /** A memory manager per writer: ORC's shared default tracks writers by path in a JVM-wide map. */
    private static final class OwnMemory implements MemoryManager {
        @Override
        public void addWriter(Path path, long requestedAllocation, Callback callback) {
        }

        @Override
        public void removeWriter(Path path) {
        }

        @Override
        public void addedRow(int rows) {
        }
    }

    private final String uri;
    private final Schema schema;
    private final AtomicOutputStream out;
    private final OrcStreams.CommitGate gate;
    private final Writer writer;
    private final VectorizedRowBatch rowBatch;
    private long rowCount;
    private final WriterState state;

    OrcFormatWriter(OutputFile file, Schema schema, TypeDescription orcSchema, CompressionKind compression,
                    long stripeSize) {
        this.uri = file.uri();
        this.schema = schema;
        AtomicOutputStream stream = null;
        try {
            stream = file.create();
            OrcStreams.CommitGate g = new OrcStreams.CommitGate(stream);
            Configuration conf = new Configuration(false);
            OrcFile.WriterOptions options = OrcFile.writerOptions(conf)
                    .setSchema(orcSchema)
                    .compress(compression)
                    .stripeSize(stripeSize)
                    .useUTCTimestamp(true)
                    .setProlepticGregorian(true)
                    .memory(new OwnMemory());
            options.physicalWriter(new PhysicalFsWriter(OrcStreams.output(g), options,
                    new WriterEncryptionVariant[0]));
            // the path only names the writer inside ORC; the physical writer above does the IO
            Path path = new Path("/deltacat-orc/" + UUID.randomUUID());
            options.fileSystem(new OrcStreams.SingleFileSystem(null, 0, path, conf)); // never asked to create
            Writer w = OrcFile.createWriter(path, options);
            w.addUserMetadata(OrcTypes.ARROW_SCHEMA_KEY,
                    ByteBuffer.wrap(schema.toJson().getBytes(StandardCharsets.UTF_8)));
            this.out = stream;
            this.state = new WriterState("orc", uri, stream, OrcFormatProvider::failure);
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
            throw OrcFormatProvider.failure("write", uri, e);
        }
        this.rowBatch = orcSchema.createRowBatch(ROWS);
        for (int c = 0; c < rowBatch.cols.length; c++) {
            OrcVectors.useProlepticCalendar(rowBatch.cols[c]);
        }
    }

    @Override
    public void write(VectorSchemaRoot batch) {
        state.checkOpen();
        List<FieldVector> vectors = batch.getFieldVectors();
        List<Field> fields = schema.getFields();
        if (vectors.size() != fields.size()) {
            throw new InvalidRequestException("orc writer of " + uri + " expects " + fields.size()
                    + " columns, the batch has " + vectors.size());
        }
        int n = batch.getRowCount();
        OrcVectors.ToOrc[] copiers = new OrcVectors.ToOrc[vectors.size()];
        for (int c = 0; c < vectors.size(); c++) {
            FieldVector v = vectors.get(c);
            Field expected = fields.get(c);
            if (!v.getField().getName().equals(expected.getName())
                    || !OrcTypes.describe(v.getField()).equals(OrcTypes.describe(expected))) {
                throw new InvalidRequestException("batch column " + c + " is '" + v.getField().getName()
                        + "' of type " + OrcTypes.describe(v.getField()) + ", the orc writer of " + uri
                        + " expects '" + expected.getName() + "' of type " + OrcTypes.describe(expected));
            }
            if (!expected.isNullable() && n > 0 && v.getNullCount() > 0) {
                throw new InvalidRequestException("column '" + expected.getName()
                        + "' is not nullable but the batch has nulls in it");
            }
            copiers[c] = OrcVectors.toOrc(v);
        }
        try {
            for (int from = 0; from < n; from += ROWS) {
                int take = Math.min(ROWS, n - from);
                rowBatch.reset();
                for (int c = 0; c < copiers.length; c++) {
                    OrcVectors.useProlepticCalendar(rowBatch.cols[c]);
                }
                for (int c = 0; c < copiers.length; c++) {
                    OrcVectors.ToOrc copier = copiers[c];
                    io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.ColumnVector cv = rowBatch.cols[c];
                    for (int r = 0; r < take; r++) {
                        copier.copy(from + r, cv, r);
                    }
                }
                rowBatch.size = take;
                writer.addRowBatch(rowBatch);
                rowCount += take;
            }
        } catch (IOException | RuntimeException e) {
            throw state.failed(e);
        }
    }

    @Override
    public long estimatedSize() {
        if (!state.isOpen()) {
            return out.position();
        }
        return out.position() + writer.estimateMemory();
    }

    @Override
    public WrittenFile finish() {
        return state.finish(rowCount, () -> {
            gate.allowCommit();
            writer.close(); // writes the footer and closes the stream: the file is now visible
        });
    }



    @Override
    public void close() {
        // the file is discarded: ORC's buffers are heap memory left to the garbage collector
        // (closing ORC's writer would first encode and write a footer)
        state.discard();
    }
}
