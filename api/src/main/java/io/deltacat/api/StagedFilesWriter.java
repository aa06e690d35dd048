package io.deltacat.api;

import io.deltacat.api.model.StagedFile;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes batches into a staged write's prefix as data files (rolling at the target size, split by
 * partition value and sorted when the table has such keys), for one task of a distributed write.
 * Opened by {@link CatalogClient#openStagedFiles}; every file's name starts with the writer's name
 * prefix, so {@link #abort()} finds all of them.
 */
@Evolving
public interface StagedFilesWriter extends AutoCloseable {

    /** Writes one batch (schema: the target's); the caller keeps ownership of {@code batch}. */
    void write(VectorSchemaRoot batch);

    /** Finishes the last files and describes every file written, for the manifest. */
    List<StagedFile> finish();

    /**
     * Deletes every file this writer wrote (finished or not); use it when the task fails or its output
     * is not accepted. Safe to call after {@link #finish()}.
     */
    void abort();

    /** Releases buffers; files written stay until they are committed, aborted or the write expires. */
    @Override
    void close();
}
