package io.deltacat.io.text.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.ReadRequest;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads delimited text with a header line into Arrow batches. Types come from the request's expected
 * schema, or are inferred from the values in a first pass over the file. Parse errors name the file,
 * the line and the column.
 */
final class DelimitedReader implements FormatReader {
    private final String format;
    private final String uri;
    private final int batchSize;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final int[] index;
    private final boolean[] text;
    private final VectorSchemaRoot root;
    private boolean done;
    private boolean closed;

    DelimitedReader(String format, CSVFormat csv, InputFile file, ReadRequest request, BufferAllocator allocator) {
        this.format = format;
        this.uri = file.uri();
        this.batchSize = request.batchSize();
        CSVParser p = null;
        VectorSchemaRoot vsr = null;
        try {
            p = open(csv, file);
            Iterator<CSVRecord> it = p.iterator();
            List<String> header = header(p, it);
            headerSize = header.size();
            Schema full;
            boolean expected = request.expectedSchema().isPresent();
            if (expected) {
                full = request.expectedSchema().get();
            } else {
                full = infer(csv, file, header);
            }
            Schema out = TextColumns.output(format, uri, header, full, expected, request);
            TextValues.check(format, out, false);
            Map<String, Integer> positions = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                positions.put(header.get(i), i);
            }
            List<Field> fields = out.getFields();
            index = new int[fields.size()];
            text = new boolean[fields.size()];
            for (int c = 0; c < index.length; c++) {
                index[c] = positions.get(fields.get(c).getName());
            }
            vsr = VectorSchemaRoot.create(out, allocator);
            for (int c = 0; c < index.length; c++) {
                FieldVector v = vsr.getVector(c);
                // an empty quoted field is an empty string or empty binary; elsewhere it reads as null
                text[c] = v instanceof VarCharVector || v instanceof LargeVarCharVector
                        || v instanceof org.apache.arrow.vector.VarBinaryVector
                        || v instanceof org.apache.arrow.vector.LargeVarBinaryVector;
            }
            this.parser = p;
            this.records = it;
            this.root = vsr;
        } catch (IOException | RuntimeException e) {
            if (vsr != null) {
                vsr.close();
            }
            closeQuietly(p, e);
            throw TextErrors.failure(format, "read", uri, e instanceof UncheckedIOException ? e.getCause() : e);
        }
    }

    private static CSVParser open(CSVFormat csv, InputFile file) throws IOException {
        return new CSVParser(new InputStreamReader(TextIo.open(file), StandardCharsets.UTF_8), csv);
    }

    private static void closeQuietly(CSVParser p, Exception cause) {
        if (p != null) {
            try {
                p.close();
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
    }

    private List<String> header(CSVParser p, Iterator<CSVRecord> it) {
        if (!it.hasNext()) {
            throw new InvalidRequestException(format + " file " + uri + " is empty: it needs a header line");
        }
        List<String> names = new ArrayList<>();
        for (String s : it.next()) {
            if (s == null || s.isEmpty()) {
                throw TextErrors.badData(format, uri, 1, "the header has an empty column name", null);
            }
            if (names.contains(s)) {
                throw TextErrors.badData(format, uri, 1, "the header names column '" + s + "' twice", null);
            }
            names.add(s);
        }
        return names;
    }

    /** The first pass: every value of the file decides the column types. */
    private Schema infer(CSVFormat csv, InputFile file, List<String> header) throws IOException {
        TypeGuess[] guesses = new TypeGuess[header.size()];
        for (int i = 0; i < guesses.length; i++) {
            guesses[i] = new TypeGuess();
        }
        try (CSVParser p = open(csv, file)) {
            Iterator<CSVRecord> it = p.iterator();
            it.next(); // the header
            while (true) {
                long line = p.getCurrentLineNumber() + 1;
                CSVRecord r = next(it, line);
                if (r == null) {
                    break;
                }
                checkSize(r, line);
                for (int c = 0; c < guesses.length; c++) {
                    String s = r.size() == 1 && guesses.length > 1 ? null : r.get(c);
                    if (s != null) {
                        guesses[c].text(s, false);
                    }
                }
            }
        }
        List<Field> fields = new ArrayList<>();
        for (int c = 0; c < guesses.length; c++) {
            fields.add(guesses[c].toField(header.get(c)));
        }
        return new Schema(fields);
    }

    private CSVRecord next(Iterator<CSVRecord> it, long line) {
        try {
            return it.hasNext() ? it.next() : null;
        } catch (UncheckedIOException | IllegalStateException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw TextErrors.badData(format, uri, line, TextErrors.detail(cause), e);
        }
    }

    private void checkSize(CSVRecord r, long line) {
        if (r.size() != headerSize) {
            throw TextErrors.badData(format, uri, line, "expected " + headerSize + " fields, found " + r.size(),
                    null);
        }
    }

    private int headerSize;

    @Override
    public Schema schema() {
        return root.getSchema();
    }

    @Override
    public boolean next() {
        if (closed) {
            throw new IllegalStateException(format + " reader of " + uri + " is closed");
        }
        if (done) {
            return false;
        }
        List<FieldVector> vectors = root.getFieldVectors();
        for (FieldVector v : vectors) {
            v.clear();
            v.setInitialCapacity(Math.min(batchSize, 4096));
            v.allocateNew();
        }
        int n = 0;
        while (n < batchSize) {
            long line = parser.getCurrentLineNumber() + 1;
            CSVRecord r = next(records, line);
            if (r == null) {
                done = true;
                break;
            }
            boolean blank = r.size() == 1 && headerSize > 1 && r.get(0) == null;
            if (blank) {
                throw TextErrors.badData(format, uri, line, "empty line", null);
            }
            checkSize(r, line);
            for (int c = 0; c < index.length; c++) {
                String s = r.get(index[c]);
                FieldVector v = vectors.get(c);
                try {
                    if (s == null || (s.isEmpty() && !text[c])) {
                        TextValues.setNull(v, n);
                    } else {
                        TextValues.parse(v, n, s);
                    }
                } catch (RuntimeException e) {
                    throw TextErrors.badData(format, uri, line, "column '" + v.getField().getName() + "' ("
                            + v.getField().getType() + "): " + TextErrors.detail(e), e);
                }
            }
            n++;
        }
        root.setRowCount(n);
        return n > 0;
    }

    @Override
    public VectorSchemaRoot batch() {
        return root;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        root.close();
        try {
            parser.close();
        } catch (IOException e) {
            throw TextErrors.failure(format, "read", uri, e);
        }
    }
}
