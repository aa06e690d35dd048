package io.deltacat.io.text.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.ReadRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads JSON lines into Arrow batches with Jackson's streaming parser. Types come from the request's
 * expected schema, or are inferred in a first pass over the file. Parse errors name the file and line.
 */
final class JsonLinesReader implements FormatReader {
    private static final String FORMAT = JsonLinesFormatProvider.NAME;
    private final String uri;
    private final int batchSize;
    private final JsonParser parser;
    private final VectorSchemaRoot root;
    private final Map<String, Integer> outIndex = new HashMap<>();
    private final Set<String> known = new HashSet<>();
    private final boolean strict;
    private boolean done;
    private boolean closed;

    JsonLinesReader(InputFile file, ReadRequest request, BufferAllocator allocator) {
        this.uri = file.uri();
        this.batchSize = request.batchSize();
        JsonParser p = null;
        VectorSchemaRoot vsr = null;
        try {
            boolean expected = request.expectedSchema().isPresent();
            Schema full = expected ? request.expectedSchema().get() : infer(file);
            List<String> names = new ArrayList<>();
            full.getFields().forEach(f -> names.add(f.getName()));
            known.addAll(names);
            Schema out = TextColumns.output(FORMAT, uri, names, full, expected, request);
            TextValues.check(FORMAT, out, true);
            for (int c = 0; c < out.getFields().size(); c++) {
                outIndex.put(out.getFields().get(c).getName(), c);
            }
            strict = expected && request.columns().isEmpty();
            p = JsonLinesFormatProvider.JSON.createParser(TextIo.open(file));
            vsr = VectorSchemaRoot.create(out, allocator);
            this.parser = p;
            this.root = vsr;
        } catch (IOException | RuntimeException e) {
            if (vsr != null) {
                vsr.close();
            }
            if (p != null) {
                try {
                    p.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw TextErrors.failure(FORMAT, "read", uri, e);
        }
    }

    private Schema infer(InputFile file) throws IOException {
        Map<String, TypeGuess> columns = new LinkedHashMap<>();
        try (JsonParser p = JsonLinesFormatProvider.JSON.createParser(TextIo.open(file))) {
            JsonToken t;
            while ((t = token(p)) != null) {
                long line = p.currentTokenLocation().getLineNr();
                if (t != JsonToken.START_OBJECT) {
                    throw TextErrors.badData(FORMAT, uri, line, "expected a JSON object, found " + t, null);
                }
                while (token(p) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    token(p);
                    try {
                        guess(p, columns.computeIfAbsent(name, n -> new TypeGuess()));
                    } catch (TypeGuess.ConflictingTypes e) {
                        throw TextErrors.badData(FORMAT, uri, p.currentTokenLocation().getLineNr(),
                                "key '" + name + "': " + e.getMessage(), null);
                    }
                }
            }
        }
        List<Field> fields = new ArrayList<>();
        columns.forEach((n, g) -> fields.add(g.toField(n)));
        return new Schema(fields);
    }

    private void guess(JsonParser p, TypeGuess g) throws IOException {
        switch (p.currentToken()) {
            case VALUE_NULL:
                return;
            case START_ARRAY: {
                TypeGuess e = g.element();
                while (token(p) != JsonToken.END_ARRAY) {
                    guess(p, e);
                }
                return;
            }
            case START_OBJECT:
                g.struct();
                while (token(p) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    token(p);
                    guess(p, g.field(name));
                }
                return;
            case VALUE_STRING:
                g.text(p.getText(), true);
                return;
            case VALUE_NUMBER_INT:
                g.scalar(p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? TypeGuess.Kind.FLOAT : TypeGuess.Kind.INT);
                return;
            case VALUE_NUMBER_FLOAT:
                g.scalar(TypeGuess.Kind.FLOAT);
                return;
            case VALUE_TRUE:
            case VALUE_FALSE:
                g.scalar(TypeGuess.Kind.BOOL);
                return;
            default:
                throw new IllegalStateException("unexpected " + p.currentToken());
        }
    }

    /** The next token; malformed JSON becomes an error naming the file and line. */
    private JsonToken token(JsonParser p) throws IOException {
        try {
            return p.nextToken();
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? p.currentLocation().getLineNr() : e.getLocation().getLineNr();
            throw TextErrors.badData(FORMAT, uri, line, e.getOriginalMessage(), e);
        }
    }

    @Override
    public Schema schema() {
        return root.getSchema();
    }

    @Override
    public boolean next() {
        if (closed) {
            throw new IllegalStateException("json reader of " + uri + " is closed");
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
        boolean[] set = new boolean[vectors.size()];
        try {
            while (n < batchSize) {
                JsonToken t = token(parser);
                if (t == null) {
                    done = true;
                    break;
                }
                long line = parser.currentTokenLocation().getLineNr();
                if (t != JsonToken.START_OBJECT) {
                    throw TextErrors.badData(FORMAT, uri, line, "expected a JSON object, found " + t, null);
                }
                java.util.Arrays.fill(set, false);
                while (token(parser) == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    token(parser);
                    Integer c = outIndex.get(name);
                    if (c == null) {
                        if (strict && !known.contains(name)) {
                            throw TextErrors.badData(FORMAT, uri, parser.currentTokenLocation().getLineNr(),
                                    "key '" + name + "' is not a column of the expected schema", null);
                        }
                        parser.skipChildren();
                        continue;
                    }
                    if (set[c]) {
                        throw TextErrors.badData(FORMAT, uri, line, "key '" + name + "' appears twice", null);
                    }
                    set[c] = true;
                    FieldVector v = vectors.get(c);
                    try {
                        read(parser, v, n);
                    } catch (RuntimeException e) {
                        if (e instanceof io.deltacat.api.error.DeltacatException) {
                            throw e;
                        }
                        throw TextErrors.badData(FORMAT, uri, parser.currentTokenLocation().getLineNr(),
                                "key '" + name + "' (" + v.getField().getType() + "): " + TextErrors.detail(e), e);
                    }
                }
                for (int c = 0; c < set.length; c++) {
                    if (!set[c]) {
                        TextValues.setNull(vectors.get(c), n);
                    }
                }
                n++;
            }
        } catch (IOException e) {
            throw TextErrors.failure(FORMAT, "read", uri, e);
        }
        root.setRowCount(n);
        return n > 0;
    }

    private void read(JsonParser p, FieldVector v, int i) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            TextValues.setNull(v, i);
            return;
        }
        if (v instanceof ListVector) {
            if (t != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("expected an array, found " + t);
            }
            ListVector l = (ListVector) v;
            int start = l.startNewValue(i);
            FieldVector child = l.getDataVector();
            int k = 0;
            while (token(p) != JsonToken.END_ARRAY) {
                read(p, child, start + k);
                k++;
            }
            l.endValue(i, k);
            return;
        }
        if (v instanceof StructVector) {
            if (t != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("expected an object, found " + t);
            }
            StructVector s = (StructVector) v;
            s.setIndexDefined(i);
            List<FieldVector> children = s.getChildrenFromFields();
            boolean[] seen = new boolean[children.size()];
            while (token(p) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                token(p);
                int c = 0;
                while (c < children.size() && !children.get(c).getName().equals(name)) {
                    c++;
                }
                if (c == children.size()) {
                    throw new IllegalArgumentException("key '" + name + "' is not a field of the struct");
                }
                seen[c] = true;
                read(p, children.get(c), i);
            }
            for (int c = 0; c < seen.length; c++) {
                if (!seen[c]) {
                    TextValues.setNull(children.get(c), i);
                }
            }
            return;
        }
        if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("expected a scalar, found " + t);
        }
        TextValues.parse(v, i, p.getText());
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
            throw TextErrors.failure(FORMAT, "read", uri, e);
        }
    }
}
