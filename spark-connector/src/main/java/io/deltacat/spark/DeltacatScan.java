package io.deltacat.spark;

import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.model.DataFile;
import io.deltacat.api.model.ReadPlan;
import io.deltacat.api.model.TableInfo;
import io.deltacat.api.expr.Predicate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A scan of one snapshot: the driver asks the server for the plan once ({@link #planInputPartitions}),
 * and the plan's data files, large ones cut into runs of row groups ({@link FileSplits}), become input
 * partitions balanced by bytes that executors read directly with the format providers.
 *
 * <p><b>Merge-on-read.</b> A table with merge keys is reconciled per key across all files of the
 * snapshot (later upserts replace earlier rows, deletes hide them). Files are not split by key, so a
 * task holding some files cannot decide alone whether its rows are live. When every planned file is
 * the output of a compaction (the server compacted the table: {@code read_optimization_level=max},
 * or no delta since the last compaction), keys are unique already and the files are spread over tasks
 * like any table's. Otherwise the snapshot is read by one task through the client's merge-on-read
 * reader (which reads the key columns of every file, then the live rows with several threads). That
 * is correct without a shuffle; a distribution by merge key would need every task to read every file's
 * keys anyway, and compaction is the server's way to make such reads parallel.
 */
final class DeltacatScan implements Scan, Batch {
    /** Readable delta types of an append-only plan. */
    private static final Set<String> PLAIN_DELTAS = Set.of("append", "add", "compacted", "replace", "upsert");

    private final Connection connection;
    private final TableInfo table;
    private final OptionalLong asOf;
    private final StructType required;
    private final Filter[] pushed;
    private final long limit;
    private final int batchSize;
    private ReadSpec spec;
    private InputPartition[] partitions;

    DeltacatScan(Connection connection, TableInfo table, OptionalLong asOf, StructType required, Filter[] pushed,
                 long limit, int batchSize) {
        this.connection = connection;
        this.table = table;
        this.asOf = asOf;
        this.required = required;
        this.pushed = pushed.clone();
        this.limit = limit;
        this.batchSize = batchSize;
    }

    @Override
    public StructType readSchema() {
        return required;
    }

    @Override
    public String description() {
        return "DeltaCAT " + table.namespace() + "." + table.name()
                + (asOf.isPresent() ? " asOf " + asOf.getAsLong() : "")
                + " pushed " + Arrays.toString(pushed) + (limit >= 0 ? " limit " + limit : "");
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    @Override
    public InputPartition[] planInputPartitions() {
        if (partitions == null) {
            plan();
        }
        return partitions.clone();
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        if (spec == null) {
            plan();
        }
        return new DeltacatReaderFactory(spec);
    }

    private void plan() {
        Optional<Predicate> predicate = Filters.conjunction(pushed, columnNames());
        boolean merged = !table.mergeKeys().isEmpty();
        ReadPlan plan = connection.client().catalog().plan(q -> {
            q.namespace(table.namespace()).table(table.name());
            predicate.ifPresent(q::filter);
            asOf.ifPresent(q::asOf);
            if (limit >= 0 && !merged) {
                q.limit(limit);
            }
        });
        List<String> columns = new ArrayList<>();
        for (StructField f : required.fields()) {
            columns.add(f.name());
        }
        Map<Integer, String> fileSchemas = new HashMap<>();
        plan.fileSchemas().forEach((v, s) -> fileSchemas.put(v, s.toJson()));
        spec = new ReadSpec(connection, table.namespace(), table.name(), plan.snapshotTime(), plan.schema().toJson(),
                columns, pushed, batchSize, limit, fileSchemas, new ExecutorAccess(connection, plan));
        List<DataFile> files = plan.files();
        boolean compactedOnly = files.stream().allMatch(f -> f.deltaType().equals("compacted"));
        if (files.isEmpty()) {
            partitions = new InputPartition[0];
        } else if (!plan.mergeKeys().isEmpty() && !compactedOnly) {
            partitions = new InputPartition[] {new MergedPartition(files.size())};
        } else {
            for (DataFile f : files) {
                if (!PLAIN_DELTAS.contains(f.deltaType())) {
                    throw new UnsupportedFeatureException("the plan of " + table.namespace() + "." + table.name()
                            + " has a '" + f.deltaType() + "' delta, which this connector cannot apply to a table "
                            + "without merge keys");
                }
            }
            SparkSession spark = SparkSession.active();
            long maxBytes = Math.max(1, spark.sessionState().conf().filesMaxPartitionBytes());
            // with a pushed limit a few tasks read enough: no footers are read to split files
            List<FilesPartition.FileRef> units = limit >= 0 ? FileSplits.units(files, Long.MAX_VALUE, spec.access())
                    : FileSplits.units(files, maxBytes, spec.access());
            partitions = balance(units, targetPartitions(units, maxBytes, spark.sparkContext().defaultParallelism()));
        }
    }

    private Set<String> columnNames() {
        Set<String> names = new java.util.HashSet<>();
        table.schema().getFields().forEach(f -> names.add(f.getName()));
        return names;
    }

    /**
     * How many tasks: enough that none reads more than {@code spark.sql.files.maxPartitionBytes}, and at
     * least the default parallelism (when there are that many files and splits), so every core has work.
     */
    static int targetPartitions(List<FilesPartition.FileRef> units, long maxBytes, int parallelism) {
        long total = units.stream().mapToLong(FilesPartition.FileRef::sizeBytes).sum();
        long bySize = (total + maxBytes - 1) / maxBytes;
        return (int) Math.max(1, Math.min(units.size(), Math.max(bySize, parallelism)));
    }

    /** Longest-processing-time-first: each unit, largest first, goes to the task with the fewest bytes. */
    static InputPartition[] balance(List<FilesPartition.FileRef> units, int count) {
        List<FilesPartition.FileRef> bySize = new ArrayList<>(units);
        bySize.sort(Comparator.comparingLong(FilesPartition.FileRef::sizeBytes).reversed());
        List<List<FilesPartition.FileRef>> bins = new ArrayList<>();
        long[] bytes = new long[count];
        PriorityQueue<Integer> lightest = new PriorityQueue<>(
                Comparator.<Integer>comparingLong(i -> bytes[i]).thenComparingInt(i -> i));
        for (int i = 0; i < count; i++) {
            bins.add(new ArrayList<>());
            lightest.add(i);
        }
        for (FilesPartition.FileRef f : bySize) {
            int bin = lightest.poll();
            bins.get(bin).add(f);
            bytes[bin] += f.sizeBytes();
            lightest.add(bin);
        }
        InputPartition[] out = new InputPartition[count];
        for (int i = 0; i < count; i++) {
            out[i] = new FilesPartition(bins.get(i), bytes[i]);
        }
        return out;
    }
}
