package io.deltacat.spark;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.model.TableInfo;
import io.deltacat.api.model.WriteMode;
import java.util.Locale;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.SupportsDynamicOverwrite;
import org.apache.spark.sql.connector.write.SupportsOverwrite;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;

/**
 * Chooses the write mode: {@code append} by default; {@code merge} (write option {@code mode=merge},
 * tables with merge keys: rows replace the rows of their keys) or {@code delete} (option
 * {@code mode=delete}: the rows' keys are deleted); a truncate ({@code INSERT OVERWRITE},
 * {@code df.writeTo(t).overwrite(lit(true))}, {@code mode("overwrite")}) is a {@code replace}: the
 * table's rows become exactly the written ones, in the same single commit. An overwrite by a filter on
 * identity partition columns ({@code df.writeTo(t).overwrite(col("task").equalTo("x"))},
 * {@code INSERT OVERWRITE t PARTITION (task = 'x')}) and a dynamic partition overwrite
 * ({@code spark.sql.sources.partitionOverwriteMode=dynamic}, {@code overwritePartitions()}) replace only
 * those rows, also in one commit ({@link PartialOverwrite}).
 */
final class DeltacatWriteBuilder implements WriteBuilder, SupportsOverwrite, SupportsDynamicOverwrite {
    /** Write option naming the mode: {@code append} (default), {@code merge} or {@code delete}. */
    static final String MODE = "mode";
    /** Write option: rows per Arrow batch a task buffers before handing it to the format writer. */
    static final String BATCH_SIZE = "batchSize";
    /** Write option: the size at which a task rolls to its next data file. */
    static final String TARGET_FILE_SIZE = "targetFileSizeBytes";

    /**
     * Prefix of write options handed to the format provider without it, e.g.
     * {@code format.compression=snappy} or {@code format.row_group_size=8388608} (unknown keys are refused
     * by the provider).
     */
    static final String FORMAT_PREFIX = "format.";

    private final Connection connection;
    private final TableInfo table;
    private final LogicalWriteInfo info;
    private boolean truncate;
    /** The filter of an overwrite of part of the table, else null. */
    private PartitionFilter overwrite;
    private boolean dynamic;

    DeltacatWriteBuilder(Connection connection, TableInfo table, LogicalWriteInfo info) {
        this.connection = connection;
        this.table = table;
        this.info = info;
    }

    @Override
    public WriteBuilder truncate() {
        this.truncate = true;
        return this;
    }

    /** Refuses, naming the column, a filter that cannot be decided exactly per file ({@link PartitionFilter}). */
    @Override
    public WriteBuilder overwrite(Filter[] filters) {
        this.overwrite = PartitionFilter.of(table, filters);
        return this;
    }

    @Override
    public WriteBuilder overwriteDynamicPartitions() {
        this.dynamic = true;
        return this;
    }

    @Override
    public Write build() {
        boolean replacing = truncate || overwrite != null || dynamic;
        WriteMode mode = replacing ? WriteMode.REPLACE : mode(info.options().getOrDefault(MODE, "append"));
        if (replacing && info.options().containsKey(MODE)) {
            throw new InvalidRequestException("an overwrite replaces rows of the table; it takes no '" + MODE
                    + "' option");
        }
        PartitionFilter partial = truncate ? null : overwrite;
        boolean partialDynamic = !truncate && overwrite == null && dynamic;
        int batchRows = info.options().getInt(BATCH_SIZE, 4096);
        long target = info.options().getLong(TARGET_FILE_SIZE, 128L << 20);
        return new Write() {
            @Override
            public String description() {
                return "DeltaCAT " + mode.wireName() + " into " + table.namespace() + "." + table.name();
            }

            @Override
            public BatchWrite toBatch() {
                return new DeltacatBatchWrite(connection, table, info, mode, batchRows, target, partial,
                        partialDynamic);
            }
        };
    }

    /** The write options under {@link #FORMAT_PREFIX}, without it. */
    static java.util.Map<String, String> formatOptions(org.apache.spark.sql.util.CaseInsensitiveStringMap options) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        options.asCaseSensitiveMap().forEach((k, v) -> {
            if (k.toLowerCase(Locale.ROOT).startsWith(FORMAT_PREFIX)) {
                out.put(k.substring(FORMAT_PREFIX.length()), v);
            }
        });
        return out;
    }

    private static WriteMode mode(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "append" -> WriteMode.APPEND;
            case "merge", "upsert" -> WriteMode.MERGE;
            case "delete" -> WriteMode.DELETE;
            default -> throw new InvalidRequestException("unknown write option " + MODE + "='" + name
                    + "': use append, merge or delete (and an overwrite to replace)");
        };
    }
}
