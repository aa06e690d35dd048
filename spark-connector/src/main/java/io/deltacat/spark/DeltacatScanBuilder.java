package io.deltacat.spark;

import io.deltacat.api.expr.Predicate;
import io.deltacat.api.model.TableInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructType;

/**
 * Collects what Spark pushes down: the columns it needs, the filters that translate to predicates
 * (sent to the server's plan, which prunes files by partition values and statistics, and to the format
 * readers, which may skip row groups; Spark still evaluates every filter on the rows, since both
 * prunings are advisory) and a limit (when Spark has no filter left to apply after the scan).
 */
final class DeltacatScanBuilder implements ScanBuilder, SupportsPushDownFilters, SupportsPushDownRequiredColumns,
        SupportsPushDownLimit {
    private final Connection connection;
    private final TableInfo table;
    private final OptionalLong asOf;
    private final int batchSize;
    private StructType required;
    private Filter[] pushed = new Filter[0];
    private long limit = -1;

    DeltacatScanBuilder(Connection connection, TableInfo table, OptionalLong asOf, int batchSize) {
        this.connection = connection;
        this.table = table;
        this.asOf = asOf;
        this.batchSize = batchSize;
        this.required = SparkTypes.toSpark(table.schema());
    }

    @Override
    public Filter[] pushFilters(Filter[] filters) {
        Set<String> columns = new HashSet<>();
        table.schema().getFields().forEach(f -> columns.add(f.getName()));
        List<Filter> accepted = new ArrayList<>();
        for (Filter f : filters) {
            Predicate p = Filters.translate(f, columns).orElse(null);
            if (p == null) {
                continue;
            }
            try {
                p.bind(table.schema()); // literals that do not fit the column's type stay with Spark
                accepted.add(f);
            } catch (RuntimeException unfit) {
                // not pushed: Spark evaluates it
            }
        }
        this.pushed = accepted.toArray(new Filter[0]);
        return filters; // every filter is re-checked by Spark: pruning by files and row groups is advisory
    }

    @Override
    public Filter[] pushedFilters() {
        return pushed.clone();
    }

    @Override
    public void pruneColumns(StructType requiredSchema) {
        this.required = requiredSchema;
    }

    @Override
    public boolean pushLimit(int n) {
        this.limit = n;
        return true;
    }

    @Override
    public Scan build() {
        return new DeltacatScan(connection, table, asOf, required, pushed, limit, batchSize);
    }
}
