package io.deltacat.io.text.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.io.spi.AtomicOutputStream;
import io.deltacat.io.spi.Batches;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.OutputFile;
import io.deltacat.io.spi.WrittenFile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Writes Arrow batches as delimited text with a header line, flushing after each batch. */
final class DelimitedWriter implements FormatWriter {
    private final String format;
    private final String uri;
    private final Schema schema;
    private final boolean[] numeric;
    private final AtomicOutputStream out;
    private final CSVPrinter printer;
    private long rows;
    private boolean finished;
    private boolean closed;

    DelimitedWriter(String format, CSVFormat csv, OutputFile file, Schema schema) {
        this.format = format;
        this.uri = file.uri();
        this.schema = schema;
        this.numeric = new boolean[schema.getFields().size()];
        for (int c = 0; c < numeric.length; c++) {
            numeric[c] = TextValues.numeric(schema.getFields().get(c).getType());
        }
        AtomicOutputStream stream = null;
        try {
            stream = file.create();
            CSVPrinter p = new CSVPrinter(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8),
                    1 << 16), csv);
            List<String> names = new ArrayList<>();
            schema.getFields().forEach(f -> names.add(f.getName()));
            p.printRecord(names);
            this.out = stream;
            this.printer = p;
        } catch (IOException | RuntimeException e) {
            abort(stream, e);
            throw TextErrors.failure(format, "write", uri, e);
        }
    }

    private static void abort(AtomicOutputStream stream, Exception cause) {
        if (stream != null) {
            try {
                stream.abort();
            } catch (IOException suppressed) {
                cause.addSuppressed(suppressed);
            }
        }
    }

    /** A number's text, written unquoted under {@code QuoteMode.NON_NUMERIC}. */
    private static final class Num extends Number {
        private final String text;

        Num(String text) {
            this.text = text;
        }

        @Override
        public int intValue() {
            return (int) doubleValue();
        }

        @Override
        public long longValue() {
            return (long) doubleValue();
        }

        @Override
        public float floatValue() {
            return (float) doubleValue();
        }

        @Override
        public double doubleValue() {
            return Double.parseDouble(text);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    static void checkBatch(String format, String uri, Schema schema, VectorSchemaRoot batch) {
        List<Field> fields = schema.getFields();
        List<FieldVector> vectors = batch.getFieldVectors();
        if (vectors.size() != fields.size()) {
            throw new InvalidRequestException(format + " writer of " + uri + " expects " + fields.size()
                    + " columns, the batch has " + vectors.size());
        }
        for (int c = 0; c < fields.size(); c++) {
            Field got = vectors.get(c).getField();
            Field want = fields.get(c);
            if (!got.getName().equals(want.getName()) || !got.getType().equals(want.getType())
                    || !got.getChildren().equals(want.getChildren())
                            && !sameShape(got.getChildren(), want.getChildren())) {
                throw new InvalidRequestException("batch column " + c + " is '" + got.getName() + "' of type "
                        + got.getType() + ", the " + format + " writer of " + uri + " expects '" + want.getName()
                        + "' of type " + want.getType());
            }
        }
    }

    private static boolean sameShape(List<Field> a, List<Field> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).getType().equals(b.get(i).getType()) || !sameShape(a.get(i).getChildren(), b.get(i).getChildren())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void write(VectorSchemaRoot batch) {
        ensureOpen();
        checkBatch(format, uri, schema, batch);
        Batches.requireNoNullsInRequiredColumns(schema, batch, uri);
        List<FieldVector> vectors = batch.getFieldVectors();
        int n = batch.getRowCount();
        try {
            for (int row = 0; row < n; row++) {
                for (int c = 0; c < numeric.length; c++) {
                    String text;
                    try {
                        text = TextValues.format(vectors.get(c), row);
                    } catch (RuntimeException e) {
                        throw TextErrors.unwritable(format, uri, schema.getFields().get(c), rows + row, e);
                    }
                    printer.print(text == null ? null : numeric[c] ? new Num(text) : text);
                }
                printer.println();
            }
            printer.flush();
            rows += n;
        } catch (IOException | RuntimeException e) {
            throw TextErrors.failure(format, "write", uri, e);
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
            printer.close(); // closes the stream: the file is now visible
            return new WrittenFile(uri, rows, out.position());
        } catch (IOException | RuntimeException e) {
            abort(out, e);
            throw TextErrors.failure(format, "write", uri, e);
        } finally {
            closed = true;
        }
    }

    private void ensureOpen() {
        if (closed || finished) {
            throw new IllegalStateException(format + " writer of " + uri + " is " + (finished ? "finished" : "closed"));
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
            throw TextErrors.failure(format, "write", uri, e);
        }
    }
}
