package io.deltacat.io.parquet.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.io.spi.AtomicOutputStream;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.OutputFile;
import io.deltacat.io.spi.WriterState;
import io.deltacat.io.spi.WrittenFile;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;

/**
 * Writes Arrow batches into one Parquet file through the column-level API: one
 * {@link ColumnWriteStore} per row group over a {@link ColumnChunkPageWriteStore}, flushed into a
 * {@link ParquetFileWriter} when the buffered size reaches the row group size.
 */
final class ParquetFormatWriter implements FormatWriter {
    /** Rows written between two checks of the buffered size. */

    private final String uri;
    private final Schema schema;
    private final MessageType parquetSchema;
    private final List<ColumnDescriptor> columns;
    private final ParquetProperties props;
    private final CompressionCodecFactory.BytesInputCompressor compressor;
    private final long rowGroupSize;
    private final AtomicOutputStream out;
    private final ParquetFileWriter fileWriter;

    private ColumnChunkPageWriteStore pageStore;
    private ColumnWriteStore writeStore;
    /** The leaf column writers of the current row group, in schema order (refilled per row group). */
    private final ColumnWriter[] writers;
    private long rowsInGroup;
    private long rowCount;
    private final WriterState state;

    ParquetFormatWriter(OutputFile file, Schema schema, MessageType parquetSchema, CompressionCodecName codec,
                        long rowGroupSize, int pageSize) {
        this.uri = file.uri();
        this.schema = schema;
        this.parquetSchema = parquetSchema;
        this.columns = parquetSchema.getColumns();
        this.rowGroupSize = rowGroupSize;
        this.props = ParquetProperties.builder()
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                .withPageSize(pageSize)
                .withDictionaryPageSize(pageSize)
                .withDictionaryEncoding(true)
                .build();
        this.compressor = ParquetCodecs.INSTANCE.getCompressor(codec);
        this.writers = new ColumnWriter[columns.size()];
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
            if (stream != null) {
                try {
                    stream.abort();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw ParquetFormatProvider.failure("write", uri, e);
        }
        newRowGroup();
    }

    private void newRowGroup() {
        pageStore = new ColumnChunkPageWriteStore(compressor, parquetSchema, props.getAllocator(),
                props.getColumnIndexTruncateLength(), props.getPageWriteChecksumEnabled());
        writeStore = props.newColumnWriteStore(parquetSchema, pageStore, pageStore);
        for (int c = 0; c < writers.length; c++) {
            writers[c] = writeStore.getColumnWriter(columns.get(c));
        }
        rowsInGroup = 0;
    }

    @Override
    public void write(VectorSchemaRoot batch) {
        state.checkOpen();
        List<FieldVector> vectors = batch.getFieldVectors();
        List<Field> fields = schema.getFields();
        if (vectors.size() != fields.size()) {
            throw new InvalidRequestException("parquet writer of " + uri + " expects " + fields.size()
                    + " columns, the batch has " + vectors.size());
        }
        int n = batch.getRowCount();
        ColumnTree.Shredder[] shredders = new ColumnTree.Shredder[vectors.size()];
        int[] leaf = {0};
        for (int c = 0; c < vectors.size(); c++) {
            FieldVector v = vectors.get(c);
            Field expected = fields.get(c);
            if (!v.getField().getName().equals(expected.getName())
                    || !ParquetTypes.describe(v.getField()).equals(ParquetTypes.describe(expected))) {
                throw new InvalidRequestException("batch column " + c + " is '" + v.getField().getName()
                        + "' of type " + ParquetTypes.describe(v.getField()) + ", the parquet writer of " + uri
                        + " expects '" + expected.getName() + "' of type " + ParquetTypes.describe(expected));
            }
            if (!expected.isNullable() && n > 0 && v.getNullCount() > 0) {
                throw new InvalidRequestException("column '" + expected.getName()
                        + "' is not nullable but the batch has nulls in it");
            }
            shredders[c] = ColumnTree.shredder(v, parquetSchema.getType(c), 0, 0, columns, writers, leaf);
        }
        try {
            // Column writers are independent of each other: a slice of rows is shredded column by
            // column, the columns split into two groups encoded side by side, then the rows are
            // ended together (pages are only cut at endRecord, on this thread).
            List<ColumnTree.Shredder> mine = new java.util.ArrayList<>();
            List<ColumnTree.Shredder> other = new java.util.ArrayList<>();
            splitColumns(vectors, shredders, mine, other);
            int slice = sliceRows();
            for (int start = 0; start < n; start += slice) {
                int from = start;
                int to = Math.min(n, start + slice);
                java.util.concurrent.ForkJoinTask<?> helper = other.isEmpty() ? null
                        : java.util.concurrent.ForkJoinPool.commonPool().submit(() -> shred(other, from, to));
                shred(mine, from, to);
                if (helper != null) {
                    helper.join();
                }
                for (int row = from; row < to; row++) {
                    writeStore.endRecord();
                }
                rowsInGroup += to - from;
                rowCount += to - from;
                if (writeStore.getBufferedSize() >= rowGroupSize) {
                    flushRowGroup();
                    newRowGroup();
                }
            }
        } catch (IOException | RuntimeException e) {
            throw state.failed(e);
        }
    }

    /**
     * Rows per slice shredded column by column. Pages and row groups are sized between slices, so
     * small row groups (tests, tiny files) get small slices.
     */
    private int sliceRows() {
        return rowGroupSize < (8L << 20) ? 64 : 4096;
    }
    private static final boolean PARALLEL = Runtime.getRuntime().availableProcessors() > 1;

    private static void shred(List<ColumnTree.Shredder> columns, int from, int to) {
        for (ColumnTree.Shredder s : columns) {
            for (int row = from; row < to; row++) {
                s.write(row, 0, 0);
            }
        }
    }

    /** Splits the columns into two groups of about equal encoding work (strings and nesting weigh more). */
    private static void splitColumns(List<FieldVector> vectors, ColumnTree.Shredder[] shredders,
                                     List<ColumnTree.Shredder> mine, List<ColumnTree.Shredder> other) {
        if (!PARALLEL || shredders.length < 2) {
            mine.addAll(List.of(shredders));
            return;
        }
        long mineWeight = 0;
        long otherWeight = 0;
        for (int c = 0; c < shredders.length; c++) {
            org.apache.arrow.vector.types.pojo.ArrowType t = vectors.get(c).getField().getType();
            long w = t instanceof org.apache.arrow.vector.types.pojo.ArrowType.Utf8
                    || t instanceof org.apache.arrow.vector.types.pojo.ArrowType.Binary
                    || t.isComplex() ? 3 : 1;
            if (mineWeight <= otherWeight) {
                mine.add(shredders[c]);
                mineWeight += w;
            } else {
                other.add(shredders[c]);
                otherWeight += w;
            }
        }
    }

    private void flushRowGroup() throws IOException {
        writeStore.close(); // flushes the buffered pages into the page store
        try {
            if (rowsInGroup > 0) {
                fileWriter.startBlock(rowsInGroup);
                pageStore.flushToFileWriter(fileWriter);
                fileWriter.endBlock();
            }
        } finally {
            pageStore.close();
        }
    }

    @Override
    public long estimatedSize() {
        return !state.isOpen() ? out.position() : out.position() + writeStore.getBufferedSize();
    }

    @Override
    public WrittenFile finish() {
        return state.finish(rowCount, () -> {
            flushRowGroup();
            fileWriter.end(Map.of(ParquetTypes.ARROW_SCHEMA_KEY, schema.toJson()));
            // end() closed the stream: the file is now visible
        });
    }



    @Override
    public void close() {
        // the file is discarded: the column buffers are heap memory left to the garbage collector
        // (closing the column store would first encode and compress them into pages)
        state.discard();
    }
}
