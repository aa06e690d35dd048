package io.deltacat.io.parquet.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.expr.Predicate;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.ReadRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads one Parquet file into Arrow batches with the column-level API: one row group's pages at a
 * time ({@link ParquetFileReader#readNextRowGroup()}), decoded value by value by
 * {@link ColumnReader}s straight into the vectors of a reused {@link VectorSchemaRoot}.
 */
final class ParquetFormatReader implements FormatReader {
    /**
     * Column readers need a converter tree shaped like the schema even when values are pulled
     * directly from them; this one ignores everything.
     */
    private static GroupConverter ignoring(org.apache.parquet.schema.GroupType group) {
        Converter[] children = new Converter[group.getFieldCount()];
        for (int i = 0; i < children.length; i++) {
            Type t = group.getType(i);
            children[i] = t.isPrimitive() ? new PrimitiveConverter() {
            } : ignoring(t.asGroupType());
        }
        return new GroupConverter() {
            @Override
            public Converter getConverter(int fieldIndex) {
                return children[fieldIndex];
            }

            @Override
            public void start() {
            }

            @Override
            public void end() {
            }
        };
    }

    private final String uri;
    private final int batchSize;
    private final ParquetFileReader reader;
    private final VectorSchemaRoot root;
    private final MessageType fileSchema;
    private final MessageType requested;
    private final Map<String, Field> storedFields;
    private final String createdBy;
    private final ParquetFooter footer;
    private final List<BlockMetaData> rowGroups;
    private final Predicate filter;
    private final List<ColumnDescriptor> descriptors;
    private final ColumnReader[] columnReaders;
    private final ColumnTree.Assembler[] assemblers;
    /** Per top-level column, the page-decoding fast path when the column allows one, else null. */
    private final FlatLeafReader[] fast;
    /** Column indexes, variable-width and nested ones first: the order {@link FieldTasks} hands them out. */
    private final List<Integer> byWeight;

    private int nextRowGroup;
    /** Row groups before a positioned read's range, skipped unread. */
    private final int skipGroups;
    /** Index after the last row group read (a split's end, else the file's). */
    private final int endGroups;
    private final long firstRow;
    private long remainingInGroup;
    private boolean allocated;
    /** Bytes per value of each variable-width column in the last batch (0 before the first). */
    private double[] density;
    private boolean closed;

    ParquetFormatReader(InputFile file, ReadRequest request, BufferAllocator allocator) {
        this(file, request, allocator, 0);
    }

    /**
     * A reader whose first batch starts at the row group holding row {@code fromRow}: earlier row
     * groups are skipped unread ({@link #firstRow()} is where the first batch starts).
     */
    ParquetFormatReader(InputFile file, ReadRequest request, BufferAllocator allocator, long fromRow) {
        this(file, request, allocator, fromRow, -1, -1);
    }

    /**
     * A reader of row groups {@code [firstGroup, endGroup)} alone (one split of the file): the groups
     * before are skipped unread and the reader ends after the last one.
     */
    ParquetFormatReader(InputFile file, ReadRequest request, BufferAllocator allocator, int firstGroup,
                        int endGroup) {
        this(file, request, allocator, 0, firstGroup, endGroup);
    }

    private ParquetFormatReader(InputFile file, ReadRequest request, BufferAllocator allocator, long fromRow,
                                int firstGroup, int endGroup) {
        this.uri = file.uri();
        this.batchSize = request.batchSize();
        this.filter = request.filter().orElse(null);
        ParquetFileReader r = null;
        VectorSchemaRoot vsr = null;
        try {
            ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                    .withCodecFactory(ParquetCodecs.forOneFile()) // released when the reader closes
                    .build();
            r = ParquetFileReader.open(ParquetFiles.input(file), options);
            footer = new ParquetFooter(r);
            fileSchema = footer.fileSchema;
            createdBy = footer.createdBy;
            storedFields = footer.storedFields;
            List<String> names = new ArrayList<>();
            if (request.columns().isEmpty()) {
                for (Type t : fileSchema.getFields()) {
                    names.add(t.getName());
                }
            } else {
                names.addAll(request.columns());
            }
            List<Field> fields = new ArrayList<>();
            List<Type> types = new ArrayList<>();
            for (String name : names) {
                if (names.indexOf(name) != names.lastIndexOf(name)) {
                    throw new InvalidRequestException("column '" + name + "' is requested more than once");
                }
                if (!fileSchema.containsField(name)) {
                    throw new InvalidRequestException("column '" + name + "' is not in parquet file " + uri);
                }
                Type t = fileSchema.getType(name);
                fields.add(ParquetSchemas.toArrow(t, storedFields.get(name)));
                types.add(t);
            }
            requested = new MessageType(fileSchema.getName(), types);
            r.setRequestedSchema(requested);
            descriptors = requested.getColumns();
            rowGroups = r.getRowGroups();
            long start = 0;
            int skip = 0;
            int limit = firstGroup < 0 ? Integer.MAX_VALUE : firstGroup;
            while (skip < rowGroups.size() && skip < limit && (firstGroup >= 0
                    || start + rowGroups.get(skip).getRowCount() <= fromRow)) {
                start += rowGroups.get(skip).getRowCount();
                skip++;
            }
            if (firstGroup >= 0 && (firstGroup >= endGroup || endGroup > rowGroups.size())) {
                throw new InvalidRequestException("row groups " + firstGroup + ".." + (endGroup - 1)
                        + " are not a split of parquet file " + uri + " (" + rowGroups.size() + " row groups)");
            }
            skipGroups = skip;
            endGroups = firstGroup >= 0 ? endGroup : rowGroups.size();
            firstRow = start;
            vsr = VectorSchemaRoot.create(new Schema(fields, footer.customMetadata),
                    allocator);
            columnReaders = new ColumnReader[descriptors.size()];
            assemblers = new ColumnTree.Assembler[fields.size()];
            fast = new FlatLeafReader[fields.size()];
            int[] leaf = {0};
            for (int c = 0; c < fields.size(); c++) {
                if (types.get(c).isPrimitive()) {
                    fast[c] = FlatLeafReader.forColumn(descriptors.get(leaf[0]), types.get(c).asPrimitiveType(),
                            vsr.getVector(c));
                }
                assemblers[c] = ColumnTree.assembler(vsr.getVector(c), types.get(c), 0, 0, descriptors,
                        columnReaders, leaf);
            }
        } catch (IOException | RuntimeException e) {
            if (vsr != null) {
                vsr.close();
            }
            if (r != null) {
                try {
                    r.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw ParquetFormatProvider.failure("read", uri, e);
        }
        this.reader = r;
        this.root = vsr;
        List<Integer> order = new java.util.ArrayList<>();
        for (int c = 0; c < fast.length; c++) {
            order.add(c);
        }
        List<FieldVector> vectors = vsr.getFieldVectors();
        order.sort(java.util.Comparator.comparingInt(c -> vectors.get(c) instanceof org.apache.arrow.vector.BaseFixedWidthVector ? 1 : 0));
        this.byWeight = order;
    }

    @Override
    public Schema schema() {
        return root.getSchema();
    }

    @Override
    public boolean next() {
        if (closed) {
            throw new IllegalStateException("parquet reader of " + uri + " is closed");
        }
        try {
            prepareVectors();
            int n = 0;
            while (n < batchSize) {
                if (remainingInGroup == 0) {
                    if (!advanceRowGroup()) {
                        break;
                    }
                    continue;
                }
                int take = (int) Math.min(batchSize - n, remainingInGroup);
                int offset = n;
                // columns decode (and decompress their pages) independently: side by side
                FieldTasks.run(byWeight, c -> {
                    if (fast[c] != null) {
                        fast[c].read(offset, take);
                    } else {
                        readColumn(c, offset, take);
                    }
                });
                n += take;
                remainingInGroup -= take;
            }
            root.setRowCount(n);
            rememberDensity();
            return n > 0;
        } catch (IOException | RuntimeException e) {
            throw ParquetFormatProvider.failure("read", uri, e);
        }
    }

    /** How many bytes a value took, per variable-width column, so the next batch is sized right. */
    private void rememberDensity() {
        List<FieldVector> vectors = root.getFieldVectors();
        for (int c = 0; c < vectors.size(); c++) {
            FieldVector v = vectors.get(c);
            if (v instanceof BaseVariableWidthVector && v.getValueCount() > 0) {
                density[c] = Math.max(1.0, ((BaseVariableWidthVector) v).getDensity());
            }
        }
    }

    private void prepareVectors() {
        List<FieldVector> vectors = root.getFieldVectors();
        if (density == null) {
            density = new double[vectors.size()];
        }
        for (int c = 0; c < vectors.size(); c++) {
            FieldVector v = vectors.get(c);
            if (allocated && v.getValueCapacity() >= batchSize) {
                v.reset();
            } else {
                // first batch, or the caller transferred the last batch's buffers out: size for a full batch
                v.clear();
                if (v instanceof BaseVariableWidthVector && density[c] > 0) {
                    ((BaseVariableWidthVector) v).setInitialCapacity(batchSize, density[c] * 1.1);
                } else {
                    v.setInitialCapacity(batchSize);
                }
                v.allocateNew();
            }
        }
        allocated = true;
    }

    private void readColumn(int c, int offset, int count) {
        ColumnTree.Assembler a = assemblers[c];
        for (int i = offset, end = offset + count; i < end; i++) {
            a.read(i);
        }
    }

    private boolean advanceRowGroup() throws IOException {
        while (nextRowGroup < endGroups) {
            BlockMetaData block = rowGroups.get(nextRowGroup++);
            if (nextRowGroup <= skipGroups || (filter != null && !mightMatch(block))) {
                reader.skipNextRowGroup();
                continue;
            }
            PageReadStore pages = reader.readNextRowGroup();
            if (pages == null) {
                return false;
            }
            ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, ignoring(requested), requested, createdBy);
            int leaf = 0;
            for (int c = 0; c < fast.length; c++) {
                int leaves = leafCount(requested.getType(c));
                for (int k = leaf; k < leaf + leaves; k++) {
                    if (fast[c] != null) {
                        fast[c].startRowGroup(pages);
                    } else {
                        columnReaders[k] = store.getColumnReader(descriptors.get(k));
                    }
                }
                leaf += leaves;
            }
            remainingInGroup = pages.getRowCount();
            if (remainingInGroup > 0) {
                return true;
            }
        }
        return false;
    }

    private static int leafCount(Type t) {
        if (t.isPrimitive()) {
            return 1;
        }
        int n = 0;
        for (Type child : t.asGroupType().getFields()) {
            n += leafCount(child);
        }
        return n;
    }

    /** The row (in file order) the first batch starts at. */
    long firstRow() {
        return firstRow;
    }

    /** Whether the advisory filter might match a row of the row group, judged by its statistics. */
    private boolean mightMatch(BlockMetaData block) {
        try {
            return filter.mightMatch(column -> footer.range(block, column));
        } catch (RuntimeException e) {
            return true; // statistics that cannot be interpreted never prune
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
        try {
            root.close();
        } finally {
            try {
                reader.close();
            } catch (IOException e) {
                throw ParquetFormatProvider.failure("read", uri, e);
            }
        }
    }
}
