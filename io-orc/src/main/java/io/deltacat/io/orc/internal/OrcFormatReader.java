package io.deltacat.io.orc.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.expr.Predicate;
import io.deltacat.io.spi.FileSplit;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.ReadRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import io.deltacat.bundle.orc.shaded.Reader;
import io.deltacat.bundle.orc.shaded.RecordReader;
import io.deltacat.bundle.orc.shaded.StripeInformation;
import io.deltacat.bundle.orc.shaded.StripeStatistics;
import io.deltacat.bundle.orc.shaded.TypeDescription;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.ColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.VectorizedRowBatch;

/**
 * Reads one ORC file into Arrow batches with ORC's vectorized reader. Only the projected columns are
 * decoded ({@link Reader.Options#include}); each {@link #next()} fills fresh Arrow vectors with at
 * most {@code batchSize} rows, taken from as many ORC row batches as needed. With an advisory
 * filter, stripes whose statistics prove that no row can match are not read. With a {@link FileSplit},
 * only the split's stripes are read: ORC's {@link Reader.Options#range} keeps the stripes that start
 * inside a byte range, and the range given runs from the split's first stripe's start to its last
 * stripe's end, so it holds exactly the starts of the split's stripes.
 */
final class OrcFormatReader implements FormatReader {
    private static final int MAX_ORC_ROWS = 1024;

    private final String uri;
    private final int batchSize;
    /** Rows of the batch before: the next batch's vectors start at that size and do not grow again. */
    private int lastRows;
    private final BufferAllocator allocator;
    private final Reader reader;
    /** The record readers still to read: one for the whole file, or one per stripe kept by the filter. */
    private final java.util.ArrayDeque<Reader.Options> pending = new java.util.ArrayDeque<>();
    private RecordReader rows;
    private final Schema schema;
    /** For each output column, its index among the file's top-level columns. */
    private final int[] sources;
    private final VectorizedRowBatch orcBatch;
    private int orcPos;
    private VectorSchemaRoot root;
    private boolean closed;

    OrcFormatReader(InputFile file, ReadRequest request, BufferAllocator allocator) {
        this(file, request, allocator, null);
    }

    /**
     * A reader of the stripes of {@code split} only, or of the whole file when it is null.
     *
     * @throws InvalidRequestException when the split names stripes the file does not have
     */
    OrcFormatReader(InputFile file, ReadRequest request, BufferAllocator allocator, FileSplit split) {
        this.uri = file.uri();
        this.batchSize = request.batchSize();
        this.allocator = allocator;
        Reader r = null;
        RecordReader rr = null;
        try {
            r = OrcStreams.reader(file);
            TypeDescription fileSchema = r.getSchema();
            if (fileSchema.getCategory() != TypeDescription.Category.STRUCT) {
                throw new InvalidRequestException("orc file " + uri + " has no columns: its root type is "
                        + fileSchema);
            }
            Schema stored = null;
            if (r.hasMetadataValue(OrcTypes.ARROW_SCHEMA_KEY)) {
                ByteBuffer b = r.getMetadataValue(OrcTypes.ARROW_SCHEMA_KEY).duplicate();
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                stored = OrcTypes.storedSchema(new String(bytes, StandardCharsets.UTF_8));
            }
            Map<String, Field> storedFields = new HashMap<>();
            if (stored != null) {
                for (Field f : stored.getFields()) {
                    storedFields.put(f.getName(), f);
                }
            }
            List<String> fileNames = fileSchema.getFieldNames();
            List<String> names = request.columns().isEmpty() ? fileNames : request.columns();
            boolean[] include = new boolean[fileSchema.getMaximumId() + 1];
            include[0] = true;
            List<Field> fields = new ArrayList<>();
            sources = new int[names.size()];
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                if (names.indexOf(name) != names.lastIndexOf(name)) {
                    throw new InvalidRequestException("column '" + name + "' is requested more than once");
                }
                int index = fileNames.indexOf(name);
                if (index < 0) {
                    throw new InvalidRequestException("column '" + name + "' is not in orc file " + uri);
                }
                TypeDescription t = fileSchema.getChildren().get(index);
                for (int id = t.getId(); id <= t.getMaximumId(); id++) {
                    include[id] = true;
                }
                sources[i] = index;
                fields.add(OrcTypes.toArrow(name, t, storedFields.get(name)));
            }
            schema = new Schema(fields, stored == null ? null : stored.getCustomMetadata());
            Predicate filter = request.filter().orElse(null);
            List<StripeInformation> stripes = r.getStripes();
            int firstStripe = 0;
            int endStripe = stripes.size();
            if (split != null) {
                if (split.endGroup() > stripes.size()) {
                    throw new InvalidRequestException("stripes " + split.firstGroup() + ".." + (split.endGroup() - 1)
                            + " are not a split of orc file " + uri + " (" + stripes.size() + " stripes)");
                }
                firstStripe = split.firstGroup();
                endStripe = split.endGroup();
            }
            List<Integer> kept = new ArrayList<>();
            if (filter != null && endStripe > firstStripe) {
                List<StripeStatistics> stats = r.getStripeStatistics();
                for (int i = firstStripe; i < endStripe; i++) {
                    if (i >= stats.size() || OrcStats.mightMatch(filter, fileSchema, storedFields,
                            stats.get(i), stripes.get(i).getNumberOfRows())) {
                        kept.add(i);
                    }
                }
            }
            if (filter == null || kept.size() == endStripe - firstStripe) {
                Reader.Options all = r.options().include(include);
                if (split != null) {
                    // stripes may be padded apart (block alignment): the range ends where the last one ends
                    long start = stripes.get(firstStripe).getOffset();
                    StripeInformation last = stripes.get(endStripe - 1);
                    all.range(start, last.getOffset() + last.getLength() - start);
                }
                rr = r.rows(all);
            } else {
                // only the stripes whose statistics might match: one record reader per stripe
                for (int i : kept) {
                    StripeInformation stripe = stripes.get(i);
                    pending.add(r.options().include(include).range(stripe.getOffset(), stripe.getLength()));
                }
                Reader.Options first = pending.poll();
                rr = first == null ? null : r.rows(first);
            }
            orcBatch = fileSchema.createRowBatch(Math.min(batchSize, MAX_ORC_ROWS));
            root = VectorSchemaRoot.create(schema, allocator);
        } catch (IOException | RuntimeException e) {
            closeQuietly(rr, r, e);
            throw OrcFormatProvider.failure("read", uri, e);
        }
        this.reader = r;
        this.rows = rr;
    }

    private static void closeQuietly(RecordReader rr, Reader r, Exception cause) {
        try {
            if (rr != null) {
                rr.close();
            }
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
        try {
            if (r != null) {
                r.close();
            }
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public boolean next() {
        if (closed) {
            throw new IllegalStateException("orc reader of " + uri + " is closed");
        }
        // fresh vectors per batch: a caller may have transferred the previous ones out
        root.close();
        root = VectorSchemaRoot.create(schema, allocator);
        try {
            List<FieldVector> vectors = root.getFieldVectors();
            OrcColumnRuns.Run[] copiers = new OrcColumnRuns.Run[vectors.size()];
            for (int c = 0; c < copiers.length; c++) {
                FieldVector v = vectors.get(c);
                v.setInitialCapacity(Math.max(lastRows, Math.min(batchSize, 4096)));
                v.allocateNew();
                copiers[c] = OrcColumnRuns.of(v);
            }
            int n = 0;
            while (n < batchSize) {
                if (orcPos >= orcBatch.size) {
                    if (rows == null || !rows.nextBatch(orcBatch)) {
                        orcBatch.size = 0;
                        orcPos = 0;
                        Reader.Options nextStripe = pending.poll();
                        if (nextStripe == null) {
                            break;
                        }
                        if (rows != null) {
                            rows.close();
                        }
                        rows = null;
                        rows = reader.rows(nextStripe);
                        continue;
                    }
                    orcPos = 0;
                    continue;
                }
                int take = Math.min(batchSize - n, orcBatch.size - orcPos);
                for (int c = 0; c < copiers.length; c++) {
                    ColumnVector cv = orcBatch.cols[sources[c]];
                    OrcColumnRuns.Run copier = copiers[c];
                    if (orcBatch.selectedInUse) {
                        for (int i = 0; i < take; i++) {
                            copier.copy(cv, orcBatch.selected[orcPos + i], n + i, 1);
                        }
                    } else {
                        copier.copy(cv, orcPos, n, take);
                    }
                }
                n += take;
                orcPos += take;
            }
            root.setRowCount(n);
            lastRows = n;
            return n > 0;
        } catch (IOException | RuntimeException e) {
            throw OrcFormatProvider.failure("read", uri, e);
        }
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
            if (rows != null) {
                rows.close();
            }
            reader.close();
        } catch (IOException e) {
            throw OrcFormatProvider.failure("read", uri, e);
        }
    }
}
