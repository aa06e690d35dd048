package io.deltacat.spark;

import io.deltacat.api.model.PartitionKey;
import io.deltacat.api.model.TableInfo;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.expressions.Expressions;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A DeltaCAT table as Spark sees it: its schema, partitioning and properties ({@code provider} = the
 * table's format, {@code merge_keys}), batch reads (optionally as of a commit time) and batch writes
 * (append, truncate-and-write as a replace, merge by a write option).
 */
final class DeltacatTable implements SupportsRead, SupportsWrite {
    /** Read option: rows per Arrow batch handed to Spark. */
    static final String BATCH_SIZE = "batchSize";
    private static final int DEFAULT_BATCH_ROWS = 8192;

    private final Connection connection;
    private final TableInfo info;
    private final OptionalLong asOf;

    DeltacatTable(Connection connection, TableInfo info, OptionalLong asOf) {
        this.connection = connection;
        this.info = info;
        this.asOf = asOf;
    }

    TableInfo info() {
        return info;
    }

    @Override
    public String name() {
        return info.namespace() + "." + info.name();
    }

    @Override
    @SuppressWarnings("deprecation")
    public StructType schema() {
        return SparkTypes.toSpark(info.schema());
    }

    @Override
    public Transform[] partitioning() {
        Transform[] out = new Transform[info.partitionKeys().size()];
        for (int i = 0; i < out.length; i++) {
            PartitionKey k = info.partitionKeys().get(i);
            out[i] = switch (k.transform()) {
                case IDENTITY -> Expressions.identity(k.column());
                case BUCKET -> Expressions.bucket(k.parameter(), k.column());
                case TRUNCATE -> Expressions.apply("truncate", Expressions.column(k.column()),
                        Expressions.literal(k.parameter()));
                case YEAR -> Expressions.years(k.column());
                case MONTH -> Expressions.months(k.column());
                case DAY -> Expressions.days(k.column());
                case HOUR -> Expressions.hours(k.column());
            };
        }
        return out;
    }

    @Override
    public Map<String, String> properties() {
        Map<String, String> out = new LinkedHashMap<>(info.properties());
        out.put("provider", info.format());
        if (!info.mergeKeys().isEmpty()) {
            out.put(DeltacatCatalog.MERGE_KEYS, String.join(",", info.mergeKeys()));
        }
        info.latestCommitTime().ifPresent(t -> out.put("deltacat.latest_commit_time", Long.toString(t)));
        return out;
    }

    @Override
    public Set<TableCapability> capabilities() {
        return EnumSet.of(TableCapability.BATCH_READ, TableCapability.BATCH_WRITE, TableCapability.TRUNCATE,
                TableCapability.OVERWRITE_BY_FILTER, TableCapability.OVERWRITE_DYNAMIC);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
        int batchSize = options.getInt(BATCH_SIZE, DEFAULT_BATCH_ROWS);
        return new DeltacatScanBuilder(connection, info, asOf, batchSize);
    }

    @Override
    public WriteBuilder newWriteBuilder(LogicalWriteInfo writeInfo) {
        if (asOf.isPresent()) {
            throw new UnsupportedOperationException("a table read as of a commit time cannot be written");
        }
        return new DeltacatWriteBuilder(connection, info, writeInfo);
    }
}
