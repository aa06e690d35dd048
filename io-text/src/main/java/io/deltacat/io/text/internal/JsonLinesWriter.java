package io.deltacat.io.text.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.deltacat.io.spi.AtomicOutputStream;
import io.deltacat.io.spi.Batches;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.OutputFile;
import io.deltacat.io.spi.WrittenFile;
import java.io.IOException;
import java.util.List;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Schema;

/** Writes Arrow batches as JSON lines, flushing after each batch. */
final class JsonLinesWriter implements FormatWriter {
    private static final String FORMAT = JsonLinesFormatProvider.NAME;
    private final String uri;
    private final Schema schema;
    private final AtomicOutputStream out;
    private final JsonGenerator json;
    private long rows;
    private boolean finished;
    private boolean closed;

    JsonLinesWriter(OutputFile file, Schema schema) {
        this.uri = file.uri();
        this.schema = schema;
        AtomicOutputStream stream = null;
        try {
            stream = file.create();
            JsonGenerator g = JsonLinesFormatProvider.JSON.createGenerator(stream);
            g.setRootValueSeparator(null);
            this.out = stream;
            this.json = g;
        } catch (IOException | RuntimeException e) {
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
        DelimitedWriter.checkBatch(FORMAT, uri, schema, batch);
        Batches.requireNoNullsInRequiredColumns(schema, batch, uri);
        List<FieldVector> vectors = batch.getFieldVectors();
        int n = batch.getRowCount();
        try {
            for (int row = 0; row < n; row++) {
                json.writeStartObject();
                for (int c = 0; c < vectors.size(); c++) {
                    FieldVector v = vectors.get(c);
                    json.writeFieldName(v.getName());
                    try {
                        value(json, v, row);
                    } catch (RuntimeException e) {
                        throw TextErrors.unwritable(FORMAT, uri, schema.getFields().get(c), rows + row, e);
                    }
                }
                json.writeEndObject();
                json.writeRaw('\n');
            }
            json.flush();
            rows += n;
        } catch (IOException | RuntimeException e) {
            throw TextErrors.failure(FORMAT, "write", uri, e);
        }
    }

    static void value(JsonGenerator g, FieldVector v, int i) throws IOException {
        if (v.isNull(i)) {
            g.writeNull();
        } else if (v instanceof ListVector) {
            ListVector l = (ListVector) v;
            FieldVector child = l.getDataVector();
            g.writeStartArray();
            for (int j = l.getElementStartIndex(i); j < l.getElementEndIndex(i); j++) {
                value(g, child, j);
            }
            g.writeEndArray();
        } else if (v instanceof StructVector) {
            StructVector s = (StructVector) v;
            g.writeStartObject();
            for (FieldVector c : s.getChildrenFromFields()) {
                g.writeFieldName(c.getName());
                value(g, c, i);
            }
            g.writeEndObject();
        } else if (v instanceof BitVector) {
            g.writeBoolean(((BitVector) v).get(i) != 0);
        } else if (TextValues.numeric(v.getField().getType())) {
            // raw number text: NaN, Infinity and -Infinity come out as bare tokens
            g.writeNumber(TextValues.format(v, i));
        } else {
            g.writeString(TextValues.format(v, i));
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
            json.close(); // closes the stream: the file is now visible
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
        }
    }

    private void ensureOpen() {
        if (closed || finished) {
            throw new IllegalStateException("json writer of " + uri + " is " + (finished ? "finished" : "closed"));
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.abort();
        } catch (IOException e) {
            throw TextErrors.failure(FORMAT, "write", uri, e);
        }
    }
}
