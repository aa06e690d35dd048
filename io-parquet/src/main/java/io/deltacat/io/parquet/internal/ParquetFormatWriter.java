package io.deltacat.io.parquet.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.io.spi.AtomicOutputStream;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.OutputFile;
import io.deltacat.io.spi.WriterState;
import io.deltacat.io.spi.WrittenFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Writes Arrow batches into one Parquet file through the column-level API. Each top-level field has
 * its own {@link ColumnChunkPageWriteStore} (and page compressor), so the fields of a batch are
 * encoded, paged and compressed side by side by {@link FieldTasks}; a row group is flushed into the
 * {@link ParquetFileWriter}, field after field in schema order, when the buffered size reaches the
 * row group size. A flat column is encoded in bulk from the Arrow buffers by a {@link FlatColumnChunk}
 * (fixed-width values that would not dictionary-encode well by {@link PlainColumnChunk}, strings and
 * binaries by {@link BinaryColumnChunk}), into the same pages Parquet-Java's column writer would
 * make; every other field by Parquet-Java's {@link ColumnWriteStore}. The choice is made on the
 * file's first batch.
 */
final class ParquetFormatWriter implements FormatWriter {
    private final String uri;
    private final Schema schema;
    private final List<ColumnDescriptor> columns;
    private final ParquetProperties props;
    private final long rowGroupSize;
    private final AtomicOutputStream out;
    private final ParquetFileWriter fileWriter;
    /** The top-level fields' column chunks, in schema order. */
    private final List<FieldChunks> fields = new ArrayList<>();
    /** The same, heaviest first: the order their encoding tasks are handed out. */
    private final List<FieldChunks> byWeight;
    /** The leaf column writers of the current row group, in schema order (refilled per row group). */
    private final ColumnWriter[] writers;
    /** Whether the current row group's chunks are open (from the first batch on). */
    private boolean groupOpen;
    private long rowsInGroup;
    private long rowCount;
    private final WriterState state;
    private final boolean bulkColumns;

    ParquetFormatWriter(OutputFile file, Schema schema, MessageType parquetSchema, CompressionCodecName codec,
                        long rowGroupSize, int pageSize) {
        this(file, schema, parquetSchema, codec, rowGroupSize, pageSize, true);
    }

    /** {@code bulkColumns} false leaves every column to Parquet-Java's column writers (the tests compare both). */
    ParquetFormatWriter(OutputFile file, Schema schema, MessageType parquetSchema, CompressionCodecName codec,
                        long rowGroupSize, int pageSize, boolean bulkColumns) {
        this.uri = file.uri();
        this.bulkColumns = bulkColumns;
        this.schema = schema;
        this.columns = parquetSchema.getColumns();
        this.rowGroupSize = rowGroupSize;
        this.props = ParquetProperties.builder()
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                .withPageSize(pageSize)
                .withDictionaryPageSize(pageSize)
                .withDictionaryEncoding(true)
                .build();
        this.writers = new ColumnWriter[columns.size()];
        for (int f = 0; f < parquetSchema.getFieldCount(); f++) {
            Type type = parquetSchema.getType(f);
            fields.add(new FieldChunks(new MessageType(parquetSchema.getName(), type),
                    ParquetCodecs.pageCompressor(codec), weight(schema.getFields().get(f))));
        }
        this.byWeight = new ArrayList<>(fields);
        byWeight.sort(Comparator.comparingInt((FieldChunks c) -> c.weight).reversed());
        AtomicOutputStream stream = null;
        try {
            stream = file.create();
            ParquetFileWriter w = new ParquetFileWriter(ParquetFiles.output(uri, stream), parquetSchema,
                    ParquetFileWriter.Mode.CREATE, rowGroupSize, 0, null, props);
            w.start();
            this.out = stream;
            this.state = new WriterState("parquet", uri, stream, ParquetFormatProvider::failure);
            this.fileWriter = w;
        } catch (IOException | RuntimeException e) {
            releaseCompressors();
            if (stream != null) {
                try {
                    stream.abort();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw ParquetFormatProvider.failure("write", uri, e);
        }
    }

    /** Relative encoding cost of a field: strings (hashed for the dictionary) and nesting weigh more. */
    private static int weight(Field field) {
        ArrowType t = field.getType();
        return t instanceof ArrowType.Utf8 || t instanceof ArrowType.Binary || t.isComplex() ? 3 : 1;
    }

    /** One top-level field's column chunks of the current row group. */
    private final class FieldChunks {
        final MessageType schema;
        final BytesInputCompressor compressor;
        final int weight;
        ColumnChunkPageWriteStore pages;
        /** Parquet-Java's encoder of this field's columns, or null when {@link #plain} writes it. */
        ColumnWriteStore store;
        /** The bulk writer of this (flat) field, or null. Chosen on the file's first batch. */
        FlatColumnChunk plain;
        /** Bound to the current batch's vector. */
        ColumnTree.Shredder shredder;
        FieldVector vector;
        int nullCount;

        FieldChunks(MessageType schema, BytesInputCompressor compressor, int weight) {
            this.schema = schema;
            this.compressor = compressor;
            this.weight = weight;
        }

        /**
         * On the file's first batch: a flat fixed-width column whose values would not
         * dictionary-encode well is written plain, a flat string or binary column by the bulk
         * dictionary writer; everything else by Parquet-Java.
         */
        void choose(FieldVector first) {
            plain = null;
            if (!bulkColumns || schema.getColumns().size() != 1) {
                return;
            }
            ColumnDescriptor leaf = schema.getColumns().get(0);
            PlainColumnChunk fixed = PlainColumnChunk.of(first, leaf, props);
            if (fixed != null) {
                plain = fixed.prefersDictionary(first) ? null : fixed;
                return;
            }
            plain = BinaryColumnChunk.of(first, leaf, props);
        }

        void open() {
            pages = new ColumnChunkPageWriteStore(compressor, schema, props.getAllocator(),
                    props.getColumnIndexTruncateLength(), props.getPageWriteChecksumEnabled());
            if (plain != null) {
                plain.open(pages.getPageWriter(schema.getColumns().get(0)));
                return;
            }
            store = props.newColumnWriteStore(schema, pages, pages);
            for (ColumnDescriptor leaf : schema.getColumns()) {
                writers[columns.indexOf(leaf)] = store.getColumnWriter(leaf);
            }
        }

        /** Writes rows [from, to) of the bound vector; pages are cut (and compressed) at row ends. */
        void write(int from, int to) throws IOException {
            if (plain != null) {
                plain.write(vector, nullCount, from, to);
                return;
            }
            for (int row = from; row < to; row++) {
                shredder.write(row, 0, 0);
                store.endRecord();
            }
        }

        long bufferedSize() {
            return plain != null ? plain.bufferedSize() : store.getBufferedSize();
        }

        /** Encodes and compresses the chunk's last pages into its page store. */
        void closeChunk() throws IOException {
            if (plain != null) {
                plain.closeChunk();
            } else {
                store.close();
            }
        }
    }

    private void newRowGroup() {
        for (FieldChunks f : fields) {
            f.open();
        }
        rowsInGroup = 0;
        groupOpen = true;
    }

    private long bufferedSize() {
        long size = 0;
        if (groupOpen) {
            for (FieldChunks f : fields) {
                size += f.bufferedSize();
            }
        }
        return size;
    }

    @Override
    public void write(VectorSchemaRoot batch) {
        state.checkOpen();
        List<FieldVector> vectors = batch.getFieldVectors();
        List<Field> expectedFields = schema.getFields();
        if (vectors.size() != expectedFields.size()) {
            throw new InvalidRequestException("parquet writer of " + uri + " expects " + expectedFields.size()
                    + " columns, the batch has " + vectors.size());
        }
        int n = batch.getRowCount();
        int[] leaf = {0};
        for (int c = 0; c < vectors.size(); c++) {
            FieldVector v = vectors.get(c);
            Field expected = expectedFields.get(c);
            if (!v.getField().getName().equals(expected.getName())
                    || !ParquetSchemas.describe(v.getField()).equals(ParquetSchemas.describe(expected))) {
                throw new InvalidRequestException("batch column " + c + " is '" + v.getField().getName()
                        + "' of type " + ParquetSchemas.describe(v.getField()) + ", the parquet writer of " + uri
                        + " expects '" + expected.getName() + "' of type " + ParquetSchemas.describe(expected));
            }
            if (!expected.isNullable() && n > 0 && v.getNullCount() > 0) {
                throw new InvalidRequestException("column '" + expected.getName()
                        + "' is not nullable but the batch has nulls in it");
            }
        }
        if (n == 0) {
            return;
        }
        if (!groupOpen && rowCount == 0) {
            for (int c = 0; c < vectors.size(); c++) {
                fields.get(c).choose(vectors.get(c));
            }
        }
        for (int c = 0; c < vectors.size(); c++) {
            FieldChunks f = fields.get(c);
            f.vector = vectors.get(c);
            f.nullCount = f.vector.getNullCount();
            if (f.plain == null) {
                f.shredder = ColumnTree.shredder(f.vector, f.schema.getType(0), 0, 0, columns, writers, leaf);
            } else {
                leaf[0] += f.schema.getColumns().size();
            }
        }
        try {
            if (!groupOpen) {
                newRowGroup();
            }
            int chunk = chunkRows();
            for (int start = 0; start < n; start += chunk) {
                int from = start;
                int to = Math.min(n, start + chunk);
                FieldTasks.run(byWeight, f -> f.write(from, to));
                rowsInGroup += to - from;
                rowCount += to - from;
                if (bufferedSize() >= rowGroupSize) {
                    flushRowGroup();
                    if (to < n) {
                        newRowGroup();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            throw state.failed(e);
        }
    }

    /**
     * Rows encoded between two checks of the row group size: a row group overshoots its size by at
     * most this many rows, and small row groups (tests, tiny files) get small chunks.
     */
    private int chunkRows() {
        return rowGroupSize < (8L << 20) ? 64 : 16_384;
    }

    private void flushRowGroup() throws IOException {
        // closing a column store encodes and compresses its last pages into its page store
        if (!groupOpen) {
            return;
        }
        groupOpen = false;
        FieldTasks.run(byWeight, FieldChunks::closeChunk);
        try {
            if (rowsInGroup > 0) {
                fileWriter.startBlock(rowsInGroup);
                for (FieldChunks f : fields) {
                    f.pages.flushToFileWriter(fileWriter);
                }
                fileWriter.endBlock();
            }
        } finally {
            for (FieldChunks f : fields) {
                f.pages.close();
            }
        }
    }

    private void releaseCompressors() {
        for (FieldChunks f : fields) {
            f.compressor.release();
        }
    }

    @Override
    public long estimatedSize() {
        return !state.isOpen() ? out.position() : out.position() + bufferedSize();
    }

    @Override
    public WrittenFile finish() {
        try {
            return state.finish(rowCount, () -> {
                flushRowGroup();
                fileWriter.end(Map.of(ParquetSchemas.ARROW_SCHEMA_KEY, ArrowSchemaMetadata.encode(schema)));
                // end() closed the stream: the file is now visible
            });
        } finally {
            releaseCompressors();
        }
    }

    @Override
    public void close() {
        // the file is discarded: the column buffers are heap memory left to the garbage collector
        // (closing the column stores would first encode and compress them into pages)
        state.discard();
        releaseCompressors();
    }
}
