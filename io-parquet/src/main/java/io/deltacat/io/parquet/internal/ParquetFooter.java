package io.deltacat.io.parquet.internal;

import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.expr.ColumnRange;
import io.deltacat.api.expr.Literals;
import io.deltacat.api.model.ColumnStats;
import io.deltacat.io.spi.ColumnStatsCollector;
import io.deltacat.io.spi.FileFacts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * What a Parquet file's footer says, read without touching its pages: the Arrow schema (the Arrow
 * schema the writer stored, else derived from the Parquet types), the row count, and each top-level
 * column's statistics per row group and for the whole file, as canonical values.
 */
final class ParquetFooter {
    final MessageType fileSchema;
    final Map<String, Field> storedFields;
    /** The stored Arrow schema's own metadata, or null. */
    final Map<String, String> customMetadata;
    final String createdBy;
    final List<BlockMetaData> rowGroups;

    ParquetFooter(ParquetFileReader reader) {
        FileMetaData meta = reader.getFooter().getFileMetaData();
        this.fileSchema = meta.getSchema();
        this.createdBy = meta.getCreatedBy();
        this.rowGroups = reader.getRowGroups();
        this.storedFields = new HashMap<>();
        Map<String, String> keyValues = meta.getKeyValueMetaData();
        Schema stored = ArrowSchemaMetadata.decode(keyValues.get(ParquetSchemas.ARROW_SCHEMA_KEY));
        if (stored == null) {
            stored = storedSchema(keyValues.get(ParquetSchemas.LEGACY_SCHEMA_KEY));
        }
        if (stored != null) {
            for (Field f : stored.getFields()) {
                storedFields.put(f.getName(), f);
            }
        }
        this.customMetadata = stored == null ? null : stored.getCustomMetadata();
    }

    private static Schema storedSchema(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Schema.fromJSON(json);
        } catch (IOException | RuntimeException e) {
            return null; // unreadable: derive every type from the Parquet schema
        }
    }

    /** The file's facts for a commit's checks: schema, rows and whole-file statistics. */
    FileFacts facts() {
        List<Field> fields = new ArrayList<>();
        Map<String, ColumnStats> stats = new LinkedHashMap<>();
        for (Type t : fileSchema.getFields()) {
            fields.add(ParquetSchemas.toArrow(t, storedFields.get(t.getName())));
            fileStats(t.getName()).ifPresent(s -> stats.put(t.getName(), s));
        }
        long rows = 0;
        for (BlockMetaData b : rowGroups) {
            rows = Math.addExact(rows, b.getRowCount());
        }
        return new FileFacts(new Schema(fields, customMetadata), rows, stats);
    }

    /**
     * A column's statistics over every row group, under the rules of {@link ColumnStatsCollector}
     * (no bounds past a NaN or for an overlong string); empty when a row group lacks its null count.
     */
    private Optional<ColumnStats> fileStats(String column) {
        Object min = null;
        Object max = null;
        boolean bounded = true;
        long nulls = 0;
        for (BlockMetaData block : rowGroups) {
            ColumnRange r = range(block, column);
            if (r == ColumnRange.UNKNOWN || r.nullCount() < 0) {
                return Optional.empty();
            }
            nulls += r.nullCount();
            if (r.min() == null || r.max() == null) {
                // no bounds: known only when the row group holds nulls alone
                bounded &= r.nullCount() == block.getRowCount();
                continue;
            }
            if (r.min() instanceof Double && !nanOrdered()) {
                return Optional.of(new ColumnStats(Optional.empty(), Optional.empty(), nullCount(column)));
            }
            min = min == null || Literals.compare(r.min(), min) < 0 ? r.min() : min;
            max = max == null || Literals.compare(r.max(), max) > 0 ? r.max() : max;
        }
        bounded &= min != null && fits(min) && fits(max);
        return Optional.of(new ColumnStats(bounded ? Optional.of(min) : Optional.empty(),
                bounded ? Optional.of(max) : Optional.empty(), nulls));
    }

    /**
     * Whether float bounds count NaN (as the greatest value, so a file holding one has no usable max):
     * Parquet-Java's writers do, and so does ours; other writers may leave NaN out of the bounds.
     */
    private boolean nanOrdered() {
        return createdBy != null && (createdBy.startsWith("parquet-mr") || createdBy.startsWith("parquet-java"));
    }

    /** A column's null count over every row group (each known, or the caller would not ask). */
    private long nullCount(String column) {
        long nulls = 0;
        for (BlockMetaData block : rowGroups) {
            nulls += range(block, column).nullCount();
        }
        return nulls;
    }

    private static boolean fits(Object bound) {
        if (bound instanceof Double d) {
            return !d.isNaN();
        }
        return !(bound instanceof String s) || s.length() <= ColumnStatsCollector.MAX_STRING_BOUND;
    }

    /** What one row group's statistics say about a top-level column. */
    ColumnRange range(BlockMetaData block, String column) {
        if (!fileSchema.containsField(column)) {
            return ColumnRange.UNKNOWN;
        }
        Type type = fileSchema.getType(column);
        if (!type.isPrimitive()) {
            return ColumnRange.UNKNOWN;
        }
        ColumnChunkMetaData chunk = null;
        for (ColumnChunkMetaData c : block.getColumns()) {
            if (c.getPath().size() == 1 && c.getPath().toArray()[0].equals(column)) {
                chunk = c;
                break;
            }
        }
        if (chunk == null) {
            return ColumnRange.UNKNOWN;
        }
        Statistics<?> stats = chunk.getStatistics();
        if (stats == null || stats.isEmpty()) {
            return ColumnRange.UNKNOWN;
        }
        long nulls = stats.isNumNullsSet() ? stats.getNumNulls() : -1;
        Object min = null;
        Object max = null;
        if (stats.hasNonNullValue()) {
            Field field;
            try {
                field = ParquetSchemas.toArrow(type, storedFields.get(column));
            } catch (DeltacatException e) {
                return ColumnRange.UNKNOWN;
            }
            PrimitiveType p = type.asPrimitiveType();
            min = ParquetTypes.canonical(field.getType(), p, stats.genericGetMin());
            max = ParquetTypes.canonical(field.getType(), p, stats.genericGetMax());
            if (min == null || max == null) {
                min = null;
                max = null;
            }
        }
        return new ColumnRange(min, max, nulls, block.getRowCount());
    }
}
