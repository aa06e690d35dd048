package io.deltacat.client.internal;

import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.StorageException;
import io.deltacat.api.model.DataFile;
import io.deltacat.api.model.ReadPlan;
import io.deltacat.io.spi.Batches;
import io.deltacat.io.spi.Formats;
import io.deltacat.io.spi.MergeIndex;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.spi.Storages;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Pass 1 of merge-on-read for a plan of a table with merge keys: reads only the key columns of the
 * plan's files, newest first, into a {@link MergeIndex} (the live row of each key, deletes applied).
 * {@link PlanReader} then streams the data files keeping only those rows. Memory is bounded by the
 * number of keys, not by the data.
 */
final class MergeOnRead {
    private static final int KEY_BATCH_ROWS = 64 * 1024;

    private MergeOnRead() {
    }

    /** The index of {@code plan}'s files (the plan must have merge keys). */
    static MergeIndex index(ReadPlan plan, io.deltacat.io.spi.StorageAccess access, BufferAllocator allocator) {
        List<DataFile> files = plan.files();
        List<String> keys = plan.mergeKeys();
        boolean[] deletes = new boolean[files.size()];
        for (int i = 0; i < deletes.length; i++) {
            deletes[i] = files.get(i).deltaType().equals("delete");
        }
        // every row in file order (no advisory filter: row positions must match pass 2's)
        ReadRequest request = new ReadRequest(keys, Optional.empty(), KEY_BATCH_ROWS,
                Optional.of(Batches.project(plan.schema(), keys)));
        return MergeIndex.build(deletes, keys, i -> {
            DataFile f = files.get(i);
            try {
                return Formats.require(f.format()).openReader(Storages.forUri(f.uri(), access).inputFile(f.uri()),
                        request, allocator);
            } catch (DeltacatException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new StorageException(f.format() + ": reading the merge keys of " + f.uri() + " failed: " + e, e);
            }
        });
    }
}
