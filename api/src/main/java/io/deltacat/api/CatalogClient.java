package io.deltacat.api;

import io.deltacat.api.model.CatalogInfo;
import io.deltacat.api.model.NamespaceInfo;
import io.deltacat.api.model.ReadPlan;
import io.deltacat.api.model.StagedFile;
import io.deltacat.api.model.StagedWriteTarget;
import io.deltacat.api.model.TableInfo;
import io.deltacat.api.model.WriteResult;
import io.deltacat.api.options.CreateTableOptions;
import io.deltacat.api.options.ReadOptions;
import io.deltacat.api.options.WriteOptions;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.table.Table;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Catalog operations. Metadata goes to the server; table data moves directly between this process
 * and storage as Arrow.
 *
 * <p>Failures are {@link io.deltacat.api.error.DeltacatException} subclasses:
 * {@code NotFoundException}, {@code AlreadyExistsException}, {@code ConflictException},
 * {@code InvalidRequestException}, and so on.
 */
public interface CatalogClient {

    /** A catalog and its data roots. */
    CatalogInfo describeCatalog(String name);

    NamespaceInfo createNamespace(String name);

    NamespaceInfo createNamespace(String name, Map<String, String> properties);

    NamespaceInfo getNamespace(String name);

    List<NamespaceInfo> listNamespaces();

    boolean namespaceExists(String name);

    /** Drops an empty namespace; a namespace with tables is refused with a conflict. */
    default void dropNamespace(String name) {
        dropNamespace(name, false);
    }

    /** Drops a namespace; with {@code cascade}, its tables too. */
    void dropNamespace(String name, boolean cascade);

    TableInfo createTable(Consumer<CreateTableOptions.Builder> options);

    TableInfo getTable(String namespace, String table);

    /**
     * Changes a table's schema or properties in one atomic step; every change is checked first and an
     * invalid one changes nothing ({@link io.deltacat.api.error.InvalidRequestException} naming it).
     * Files written before read under the new schema: added columns are null (or their default),
     * renamed columns are found by field id, widened columns are cast.
     *
     * <pre>{@code
     * client.catalog().alterTable(a -> a.table("cats")
     *         .addField(Field.nullable("color", new ArrowType.Utf8()))
     *         .renameField("age", "age_years")
     *         .widenField("age_years", new ArrowType.Int(64, true))
     *         .dropField("legacy"));
     * }</pre>
     *
     * @return the table after the change
     */
    TableInfo alterTable(Consumer<io.deltacat.api.options.AlterTableOptions.Builder> options);

    /** The table in the {@code default} namespace. */
    default TableInfo getTable(String table) {
        return getTable("default", table);
    }

    List<TableInfo> listTables(String namespace);

    boolean tableExists(String namespace, String table);

    void dropTable(String namespace, String table);

    /**
     * Brings back the table of this name dropped last, with its data and history, while the server's
     * retention window still holds its files (default 7 days; after that they are deleted).
     *
     * <pre>{@code
     * catalog.dropTable("robotics", "episodes");
     * TableInfo back = catalog.undropTable("robotics", "episodes");   // as it was before the drop
     * }</pre>
     *
     * @throws io.deltacat.api.error.NotFoundException when no such table was dropped within the window
     *         (or its namespace is gone)
     * @throws io.deltacat.api.error.AlreadyExistsException when a live table has the name now
     */
    TableInfo undropTable(String namespace, String table);

    /**
     * Renames a table within its namespace, in one atomic metadata change: its data files stay where
     * they are, and its history, time travel ({@code asOf}) and placements carry over to the new name;
     * the old name no longer resolves. The new name follows the rules of {@link #createTable}.
     *
     * <pre>{@code
     * TableInfo renamed = catalog.renameTable("robotics", "episodes", "episodes_v1");
     * catalog.readAll(r -> r.namespace("robotics").table("episodes_v1"));   // the same rows and history
     * }</pre>
     *
     * @return the table under its new name
     * @throws io.deltacat.api.error.NotFoundException when the table does not exist
     * @throws io.deltacat.api.error.AlreadyExistsException when a live table has {@code newName}
     * @throws io.deltacat.api.error.ConflictException when pipeline nodes use the table as a source or
     *         sink, or open transactions have operations on it (the message names them)
     * @throws io.deltacat.api.error.InvalidRequestException when {@code newName} is not a valid table name
     * @throws io.deltacat.api.error.UnsupportedFeatureException on a transaction's catalog (a rename is
     *         not transactional)
     */
    TableInfo renameTable(String namespace, String table, String newName);

    /**
     * Writes one batch. The caller keeps ownership of {@code data}.
     */
    WriteResult write(VectorSchemaRoot data, Consumer<WriteOptions.Builder> options);

    /**
     * Writes every batch of {@code data}, streaming: staged files are committed as one delta at the
     * end, or removed if anything fails. The caller keeps ownership of (and closes) {@code data}.
     */
    WriteResult write(ArrowReader data, Consumer<WriteOptions.Builder> options);

    /**
     * Writes local files (Parquet, CSV, TSV, PSV, JSON lines, Feather, and any other format whose
     * provider is on the module path) as one commit: each file is read into Arrow batches by its format
     * provider and written with the table's format. A file's format comes from
     * {@link WriteOptions.Builder#inputFormat(String)}, else from its extension. Every file must have the
     * same schema; text files (CSV, JSON) are typed with the table's schema when the table exists, else
     * with the schema of the first self-describing file, else by inference from their values.
     *
     * @throws io.deltacat.api.error.InvalidRequestException naming the file whose format is unknown,
     *         whose schema differs, or which does not parse (with the line or byte offset); nothing is
     *         committed then
     */
    WriteResult write(List<java.nio.file.Path> files, Consumer<WriteOptions.Builder> options);

    /** {@link #write(List, Consumer)} for files given one by one. */
    default WriteResult write(Consumer<WriteOptions.Builder> options, java.nio.file.Path... files) {
        return write(List.of(files), options);
    }

    /**
     * Begins a write whose data files other processes stage (the tasks of a distributed engine such as
     * Spark): the server checks mode and schema as for {@link #write(ArrowReader, Consumer)} and
     * answers with a staging prefix. Hand the {@link StagedWriteTarget} to the tasks, let each write
     * through {@link #openStagedFiles}, then commit the files of the tasks you accepted with
     * {@link #commitStagedWrite} in one commit, or {@link #abortStagedWrite} everything.
     *
     * <pre>{@code
     * StagedWriteTarget target = catalog.beginStagedWrite(schema, w -> w.table("events"));
     * // in each task (any process, its own client connected to the same server):
     * try (StagedFilesWriter out = taskCatalog.openStagedFiles(target, "part-00007-a1-")) {
     *     out.write(batch);
     *     files = out.finish();           // or out.abort() when the task fails
     * }
     * WriteResult done = catalog.commitStagedWrite(target, filesOfAcceptedTasks);
     * }</pre>
     *
     * @param schema the schema of the data the tasks will write
     */
    @Evolving
    StagedWriteTarget beginStagedWrite(Schema schema,
                                                            Consumer<WriteOptions.Builder> options);

    /**
     * Opens a writer of data files into {@code target}'s staging prefix. Every file name starts with
     * {@code namePrefix} (letters, digits, {@code -} and {@code _}), which must differ between tasks and
     * between attempts of one task, so no attempt ever overwrites another's file.
     */
    @Evolving
    StagedFilesWriter openStagedFiles(StagedWriteTarget target, String namePrefix);

    /**
     * Commits {@code files} (staged into {@code target} by any process) as one delta, atomically; files in
     * the staging prefix that {@code files} does not name (attempts that were not accepted) are deleted
     * first, so they are never read. A refused commit aborts the write; a lost answer is resolved by
     * the write's state as for {@link #write(ArrowReader, Consumer)}.
     */
    @Evolving
    WriteResult commitStagedWrite(StagedWriteTarget target,
                                  List<StagedFile> files);

    /** Aborts a staged write: the server deletes everything staged for it. Does nothing if it already ended. */
    @Evolving
    void abortStagedWrite(StagedWriteTarget target);

    /**
     * Streams the table as Arrow batches. The caller closes the reader (and must do so before
     * closing the client).
     */
    ArrowReader read(Consumer<ReadOptions.Builder> options);

    /** Reads the whole result into one Arrow {@link Table}, which the caller closes. */
    Table readAll(Consumer<ReadOptions.Builder> options);

    /** The server's read plan for these options, without reading any data. */
    ReadPlan plan(Consumer<ReadOptions.Builder> options);

    /**
     * Places a table on more data roots: the server replicates its files there (each copy verified)
     * through its durable job queue, so reads with {@link ReadOptions.Builder#root(String)} read from
     * the closest root. With {@code backfill} every live file is copied; without, only what commits
     * after now. Only the namespace's owner (or an admin) may place a table.
     *
     * @return the replication status of every root the table is placed on
     * @throws io.deltacat.api.error.NotFoundException      for a root the server does not have
     * @throws io.deltacat.api.error.InvalidRequestException for the table's home root
     * @throws io.deltacat.api.error.AlreadyExistsException  for a root the table is already placed on
     */
    java.util.List<io.deltacat.api.model.RootReplication> place(String namespace, String table, java.util.List<String> roots,
                                                             boolean backfill);

    /**
     * Stops replicating a table to {@code root}; its copies there are deleted after the retention
     * window (a read that planned on them keeps working). New reads with that root read from home.
     *
     * @throws io.deltacat.api.error.NotFoundException when the table is not placed on {@code root}
     */
    void unplace(String namespace, String table, String root);

    /** The replication status of each root the table is placed on (and of unplaced ones not yet deleted). */
    java.util.List<io.deltacat.api.model.RootReplication> replicationStatus(String namespace, String table);

    /**
     * The state of a staged write, by id: whether a commit whose answer was lost
     * ({@link io.deltacat.api.error.CommitOutcomeUnknownException} of kind {@code WRITE}) was applied.
     *
     * <pre>{@code
     * WriteStatus s = client.catalog().writeStatus(e.id());
     * if (s.isCommitted()) { ... the data is in s.table(), as of s.commitTime() ... }
     * }</pre>
     *
     * @throws io.deltacat.api.error.NotFoundException when the server knows no such write
     */
    io.deltacat.api.model.WriteStatus writeStatus(String writeId);
}
