package io.deltacat.spark;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.StagedFilesWriter;
import io.deltacat.api.Transaction;
import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.StorageException;
import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.model.DataFile;
import io.deltacat.api.model.ReadPlan;
import io.deltacat.api.model.StagedFile;
import io.deltacat.api.model.StagedWriteTarget;
import io.deltacat.api.model.TableInfo;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.Formats;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.spi.SchemaAdapter;
import io.deltacat.io.spi.Storages;
import io.deltacat.io.spi.Batches;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An overwrite of part of a table in one atomic commit: by a filter on identity partition columns
 * ({@link PartitionFilter}) or of the partitions the job writes (dynamic partition overwrite). DeltaCAT
 * has no commit that removes some files of a table, so this is copy-on-write: the commit is a
 * {@code replace} whose files are the job's files plus the rows of every file the overwrite keeps,
 * rewritten on the driver into the same staged write. Everything runs in one server transaction begun
 * before the job plans the files to keep: a commit to the table by anyone else meanwhile makes the
 * transaction's commit fail with a conflict instead of losing that commit's rows, and a failed job
 * aborts the transaction (nothing staged becomes visible).
 *
 * <p>Tables with merge keys are refused (a replaced key could live on in a kept partition; use the
 * write modes {@code merge} and {@code delete}); so are writes that do not carry every column of the table
 * (the kept rows would lose the columns left out).
 */
final class PartialOverwrite {
    private static final Logger LOG = LoggerFactory.getLogger(PartialOverwrite.class);
    private static final int BATCH_ROWS = 8192;

    private final TableInfo table;
    private final PartitionFilter filter;
    private final Transaction tx;
    private final ReadPlan plan;
    private boolean ended;

    private PartialOverwrite(TableInfo table, PartitionFilter filter, Transaction tx, ReadPlan plan) {
        this.table = table;
        this.filter = filter;
        this.tx = tx;
        this.plan = plan;
    }

    /**
     * Begins the transaction and plans the table's current files inside it.
     *
     * @param filter  the overwrite's filter, or null for a dynamic partition overwrite
     * @param columns the columns the job writes
     */
    static PartialOverwrite begin(Connection connection, TableInfo table, PartitionFilter filter, List<String> columns) {
        String name = table.namespace() + "." + table.name();
        if (!table.mergeKeys().isEmpty()) {
            throw new UnsupportedFeatureException("cannot overwrite part of " + name + ": it has merge keys "
                    + table.mergeKeys() + "; use write option mode=merge or mode=delete, or replace the whole table");
        }
        Set<String> all = new HashSet<>();
        table.schema().getFields().forEach(f -> all.add(f.getName()));
        if (!new HashSet<>(columns).equals(all)) {
            throw new UnsupportedFeatureException("cannot overwrite part of " + name + " with columns " + columns
                    + ": a partial overwrite rewrites the rows it keeps, so it needs every column " + all);
        }
        Transaction tx = connection.client().transaction("spark " + (filter == null ? "dynamic partition overwrite"
                : "overwrite where " + filter) + " of " + name);
        try {
            ReadPlan plan = tx.catalog().plan(q -> q.namespace(table.namespace()).table(table.name()));
            for (DataFile f : plan.files()) {
                if (!f.deltaType().equals("append") && !f.deltaType().equals("add")
                        && !f.deltaType().equals("replace") && !f.deltaType().equals("compacted")) {
                    throw new UnsupportedFeatureException("cannot overwrite part of " + name + ": its plan has a '"
                            + f.deltaType() + "' delta");
                }
            }
            return new PartialOverwrite(table, filter, tx, plan);
        } catch (RuntimeException e) {
            tx.abort();
            throw e;
        }
    }

    /** The catalog of the transaction: the staged write is begun and committed through it. */
    CatalogClient catalog() {
        return tx.catalog();
    }

    /** The files of the plan that the overwrite keeps, given the files the job wrote. */
    List<DataFile> kept(List<StagedFile> written) {
        List<DataFile> out = new ArrayList<>();
        if (filter != null) {
            for (DataFile f : plan.files()) {
                if (!filter.replaces(f.partitionValues())) {
                    out.add(f);
                }
            }
            return out;
        }
        Set<List<String>> replaced = new HashSet<>();
        written.forEach(w -> replaced.add(PartitionFilter.key(w.partitionValues())));
        for (DataFile f : plan.files()) {
            if (!replaced.contains(PartitionFilter.key(f.partitionValues()))) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * Rewrites the kept files into the staged write, then commits the job's and the kept files as one
     * replace and the transaction with it.
     */
    void commit(Connection connection, StagedWriteTarget target, List<StagedFile> written) {
        List<DataFile> kept = kept(written);
        List<StagedFile> files = new ArrayList<>(written);
        files.addAll(rewrite(connection, target, kept));
        tx.catalog().commitStagedWrite(target, files);
        tx.commit();
        ended = true;
        LOG.info("overwrote part of {}.{}: {} files written, {} of {} files kept", table.namespace(), table.name(),
                written.size(), kept.size(), plan.files().size());
    }

    /** Aborts the staged write (when begun: {@code target} not null) and the transaction; safe to call again. */
    void abort(StagedWriteTarget target) {
        if (ended) {
            return;
        }
        ended = true;
        try {
            if (target != null) {
                tx.catalog().abortStagedWrite(target);
            }
        } finally {
            tx.abort();
        }
    }

    /** The kept files' rows, adapted to the write's schema, written as new staged files. */
    private List<StagedFile> rewrite(Connection connection, StagedWriteTarget target, List<DataFile> kept) {
        if (kept.isEmpty()) {
            return List.of();
        }
        Schema targetSchema = target.schema();
        List<String> columns = new ArrayList<>();
        targetSchema.getFields().forEach(f -> columns.add(f.getName()));
        // the table's schema with its field ids, so older files are adapted by id
        Schema readSchema = Batches.project(plan.schema(), columns);
        ExecutorAccess access = new ExecutorAccess(connection, plan);
        BufferAllocator allocator = connection.client().allocator().newChildAllocator("spark-overwrite-keep", 0,
                Long.MAX_VALUE);
        try (allocator; StagedFilesWriter out = tx.catalog().openStagedFiles(target, "keep-")) {
            for (DataFile f : kept) {
                copy(f, readSchema, targetSchema, access, allocator, out);
            }
            return out.finish();
        }
    }

    private void copy(DataFile f, Schema readSchema, Schema targetSchema, ExecutorAccess access,
                      BufferAllocator allocator, StagedFilesWriter out) {
        Schema fileSchema = plan.fileSchemas().containsKey(f.schemaVersion())
                ? plan.fileSchemas().get(f.schemaVersion()) : null;
        SchemaAdapter adapter = SchemaAdapter.of(readSchema, fileSchema, JsonScalars::parse);
        ReadRequest request = adapter.identity()
                ? new ReadRequest(readSchema.getFields().stream().map(x -> x.getName()).toList(), Optional.empty(),
                        BATCH_ROWS, Optional.of(readSchema))
                : adapter.readRequest(BATCH_ROWS);
        try (FormatReader reader = Formats.require(f.format()).openReader(
                Storages.forUri(f.uri(), access).inputFile(f.uri()), request, allocator)) {
            while (reader.next()) {
                VectorSchemaRoot raw = reader.batch();
                try (VectorSchemaRoot adapted = adapter.identity() ? null : adapter.adapt(raw, allocator)) {
                    VectorSchemaRoot batch = adapted == null ? raw : adapted;
                    List<FieldVector> vectors = batch.getFieldVectors();
                    // the same vectors under the write's schema (which carries no field ids)
                    out.write(new VectorSchemaRoot(targetSchema, vectors, batch.getRowCount()));
                }
            }
        } catch (DeltacatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StorageException("rewriting kept file " + f.uri() + " failed: " + e, e);
        }
    }
}
