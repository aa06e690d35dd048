package io.deltacat.io.text.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.io.spi.AtomicOutputStream;
import io.deltacat.io.spi.Batches;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.OutputFile;
import io.deltacat.io.spi.WrittenFile;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes Arrow batches into one Arrow IPC file: each batch is loaded (zero-copy) into the writer's
 * own root and written as one record batch.
 */
final class FeatherWriter implements FormatWriter {
    private static final String FORMAT = FeatherFormatProvider.NAME;
    private final String uri;
    private final Schema schema;
    private final AtomicOutputStream out;
    private final VectorSchemaRoot root;
    private final ArrowFileWriter writer;
    private long rows;
    private boolean finished;
    private boolean closed;

    FeatherWriter(OutputFile file, Schema schema, CompressionUtil.CodecType codec, BufferAllocator allocator) {
        this.uri = file.uri();
        this.schema = schema;
        AtomicOutputStream stream = null;
        VectorSchemaRoot vsr = null;
        try {
            stream = file.create();
            vsr = VectorSchemaRoot.create(schema, allocator);
            ArrowFileWriter w = new ArrowFileWriter(vsr, null, Channels.newChannel(stream),
                    schema.getCustomMetadata(), IpcOption.DEFAULT, FeatherFormatProvider.CODECS, codec);
            w.start();
            this.out = stream;
            this.root = vsr;
            this.writer = w;
        } catch (IOException | RuntimeException | LinkageError e) {
            if (vsr != null) {
                vsr.close();
            }
            if (stream != null) {
                try {
                    stream.abort();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw TextErrors.failure(FORMAT, "write", uri, e);
        }
    }

    @Override
    public void write(VectorSchemaRoot batch) {
        ensureOpen();
        List<Field> want = schema.getFields();
        List<FieldVector> got = batch.getFieldVectors();
        if (got.size() != want.size()) {
            throw new InvalidRequestException("feather writer of " + uri + " expects " + want.size()
                    + " columns, the batch has " + got.size());
        }
        for (int c = 0; c < want.size(); c++) {
            Field g = got.get(c).getField();
            if (!g.getName().equals(want.get(c).getName()) || !g.getType().equals(want.get(c).getType())) {
                throw new InvalidRequestException("batch column " + c + " is '" + g.getName() + "' of type "
                        + g.getType() + ", the feather writer of " + uri + " expects '" + want.get(c).getName()
                        + "' of type " + want.get(c).getType());
            }
        }
        Batches.requireNoNullsInRequiredColumns(schema, batch, uri);
        if (batch.getRowCount() == 0) {
            return;
        }
        try (ArrowRecordBatch rb = new VectorUnloader(batch).getRecordBatch()) {
            new VectorLoader(root).load(rb);
            writer.writeBatch();
            rows += batch.getRowCount();
        } catch (IOException | RuntimeException e) {
            throw TextErrors.failure(FORMAT, "write", uri, e);
        }
    }

    @Override
    public long estimatedSize() {
        return out.position();
    }

    @Override
    public WrittenFile finish() {
        ensureOpen();
        finished = true;
        try {
            writer.end();
            writer.close(); // closes the channel and the stream: the file is now visible
            return new WrittenFile(uri, rows, out.position());
        } catch (IOException | RuntimeException e) {
            try {
                out.abort();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw TextErrors.failure(FORMAT, "write", uri, e);
        } finally {
            closed = true;
            root.close();
        }
    }

    private void ensureOpen() {
        if (closed || finished) {
            throw new IllegalStateException("feather writer of " + uri + " is " + (finished ? "finished" : "closed"));
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        root.close();
        try {
            out.abort();
        } catch (IOException e) {
            throw TextErrors.failure(FORMAT, "write", uri, e);
        }
    }
}
