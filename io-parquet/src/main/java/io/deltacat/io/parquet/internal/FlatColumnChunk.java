package io.deltacat.io.parquet.internal;

import java.io.IOException;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.SizeStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.statistics.geospatial.GeospatialStatistics;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridValuesWriter;
import org.apache.parquet.schema.PrimitiveType;

/**
 * A flat column's chunk (no repetition, at most one definition level) written straight from Arrow
 * vectors onto Parquet-Java's {@link PageWriter}, producing the pages Parquet-Java's own
 * {@code ColumnWriterV1} would for the same values: pages are cut at the row counts where a
 * one-column {@code ColumnWriteStoreBase} checks their size, the definition levels go through
 * Parquet-Java's RLE writer, and the page statistics are built with Parquet-Java's classes. The
 * subclasses encode the values, in bulk where Parquet-Java goes value by value.
 */
abstract class FlatColumnChunk {
    final ColumnDescriptor column;
    final PrimitiveType type;
    final ParquetProperties props;
    final boolean nullable;
    final int pageRows;
    final int pageBytes;
    /** Parquet-Java's slack below the page size at which it cuts a page. */
    private final long tolerance;

    PageWriter pages;
    /** Rows in the open page, and the nulls among them. */
    int rows;
    int nulls;
    private RunLengthBitPackingHybridValuesWriter definitionLevels;
    /** Rows of the row group so far, and the row count at which the page size is checked next. */
    private long rowCount;
    private long nextCheck;

    FlatColumnChunk(ColumnDescriptor column, ParquetProperties props) {
        this.column = column;
        this.type = column.getPrimitiveType();
        this.props = props;
        this.nullable = column.getMaxDefinitionLevel() == 1;
        this.pageRows = props.getPageRowCountLimit();
        this.pageBytes = props.getPageSizeThreshold();
        this.tolerance = (long) (pageBytes * 0.1);
    }

    static boolean isFlat(ColumnDescriptor column, ParquetProperties props) {
        return column.getMaxRepetitionLevel() == 0 && column.getMaxDefinitionLevel() <= 1
                && !props.isBloomFilterEnabled(column);
    }

    /** Starts a row group's chunk on its page writer. */
    void open(PageWriter pageWriter) {
        this.pages = pageWriter;
        rowCount = 0;
        nextCheck = Math.min(props.getMinRowCountForPageSizeCheck(), pageRows);
        startChunk();
        startPage();
    }

    /** Called when a row group's chunk starts, before its first page. */
    void startChunk() {
    }

    private void startPage() {
        rows = 0;
        nulls = 0;
        if (nullable) {
            if (definitionLevels == null) {
                definitionLevels = new RunLengthBitPackingHybridValuesWriter(1, 1024, pageBytes, props.getAllocator());
            } else {
                definitionLevels.reset();
            }
        }
        startValues();
    }

    /**
     * Clears the values of the open page (a page was just written, or the chunk starts). The page
     * writer has copied or compressed a written page's bytes, so buffers are reused, as Parquet-Java's
     * own column writers reuse theirs.
     */
    abstract void startValues();

    /** Buffered bytes of the open page's values, as Parquet-Java's values writer counts them. */
    abstract long valuesBufferedSize();

    /**
     * Appends rows [from, from + n) of {@code vector}; {@code validity} is the address of its
     * validity bits, or 0 when the vector has no nulls. Calls {@link #level} for each row.
     */
    abstract void append(FieldVector vector, long validity, int from, int n) throws IOException;

    /** The open page's encoded values and their encoding, once all its rows are appended. */
    abstract BytesInput pageValues() throws IOException;

    abstract Encoding pageEncoding();

    /** Sets the min and max of the page's non-null values (there is at least one) on its statistics. */
    abstract void setMinMax(Statistics<?> statistics);

    /** Bytes of the open page's BYTE_ARRAY values before encoding (0 for other types). */
    long unencodedBytes() {
        return 0;
    }

    /** Called after the chunk's last page was written (a dictionary goes here). */
    void finishChunk() throws IOException {
    }

    final void level(boolean present) {
        if (nullable) {
            definitionLevels.writeInteger(present ? 1 : 0);
        }
        if (!present) {
            nulls++;
        }
    }

    /** Present rows, in bulk: Parquet-Java's RLE writer only counts repeats of the last level. */
    final void levels(int n) {
        if (nullable) {
            for (int i = 0; i < n; i++) {
                definitionLevels.writeInteger(1);
            }
        }
    }

    static boolean isValid(long validity, int row) {
        return validity == 0
                || (org.apache.arrow.memory.util.MemoryUtil.getByte(validity + (row >> 3)) >> (row & 7) & 1) != 0;
    }

    /** The open page's buffered bytes, as Parquet-Java counts them (levels so far and raw values). */
    final long pageBufferedSize() {
        return (nullable ? definitionLevels.getBufferedSize() : 0) + valuesBufferedSize();
    }

    /** Buffered bytes of the chunk, as Parquet-Java counts them: pages written (compressed) and the open page. */
    final long bufferedSize() {
        return pages.getMemSize() + pageBufferedSize();
    }

    /**
     * Appends rows [from, to) of {@code vector}, whose null count is {@code nullCount}, cutting
     * pages where Parquet-Java's column store would.
     */
    final void write(FieldVector vector, int nullCount, int from, int to) throws IOException {
        long validity = nullCount == 0 ? 0 : vector.getValidityBuffer().memoryAddress();
        int row = from;
        while (row < to) {
            int n = (int) Math.min(to - row, nextCheck - rowCount);
            append(vector, validity, row, n);
            rows += n;
            row += n;
            rowCount += n;
            if (rowCount >= nextCheck) {
                sizeCheck();
            }
        }
    }

    /** ColumnWriteStoreBase's page size check, for a store of one column. */
    private void sizeCheck() throws IOException {
        long usedMem = pageBufferedSize();
        long pageRowsSoFar = rows;
        long remainingMem = pageBytes - usedMem;
        long nextRowCountCheck = rowCount + pageRows;
        if (remainingMem <= tolerance || pageRowsSoFar >= pageRows || rows >= props.getPageValueCountThreshold()) {
            writePage();
            remainingMem = pageBytes;
        } else {
            nextRowCountCheck = Math.min(nextRowCountCheck, rowCount - rows + pageRows);
        }
        long rowsToFillPage = usedMem == 0 ? props.getMaxRowCountForPageSizeCheck()
                : pageRowsSoFar * remainingMem / usedMem;
        long next;
        if (props.estimateNextSizeCheck()) {
            next = rowCount + Math.min(Math.max(rowsToFillPage / 2, props.getMinRowCountForPageSizeCheck()),
                    props.getMaxRowCountForPageSizeCheck());
        } else {
            next = rowCount + props.getMinRowCountForPageSizeCheck();
        }
        nextCheck = Math.min(next, nextRowCountCheck);
    }

    /** Writes the chunk's last page and whatever follows it (the row group ends). */
    final void closeChunk() throws IOException {
        writePage();
        finishChunk();
    }

    /** Writes the open page (if it has rows) and starts the next. */
    private void writePage() throws IOException {
        if (rows == 0) {
            return;
        }
        boolean statisticsEnabled = props.getStatisticsEnabled(column);
        Statistics<?> statistics = statisticsEnabled ? Statistics.createStats(type) : Statistics.noopStats(type);
        statistics.incrementNumNulls(nulls);
        if (nulls < rows) {
            setMinMax(statistics);
        }
        SizeStatistics sizes = props.getSizeStatisticsEnabled(column)
                ? new SizeStatistics(type, unencodedBytes(), java.util.List.of(), java.util.List.of())
                : SizeStatistics.noopBuilder(type, 0, column.getMaxDefinitionLevel()).build();
        GeospatialStatistics geospatial = GeospatialStatistics.noopBuilder().build(); // not a geometry column
        BytesInput values = pageValues();
        BytesInput bytes = nullable ? BytesInput.concat(definitionLevels.getBytes(), values) : values;
        pages.writePage(bytes, rows, rows, statistics, sizes, geospatial, Encoding.BIT_PACKED,
                nullable ? Encoding.RLE : Encoding.BIT_PACKED, pageEncoding());
        startPage();
    }
}
