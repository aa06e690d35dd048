package io.deltacat.spark;

import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.StorageException;
import io.deltacat.api.model.DataFile;
import io.deltacat.io.spi.FileSplit;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.Formats;
import io.deltacat.io.spi.StorageAccess;
import io.deltacat.io.spi.Storages;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The read units of a plan: whole files, and for each file larger than {@code spark.sql.files.maxPartitionBytes}
 * the runs of row groups (Parquet) or stripes (ORC) its format provider cuts it into
 * ({@link FormatProvider#splits}, asked of every format, from the file's footer, read here on the driver: the
 * server's plan carries no row-group offsets). A format that cannot read part of a file (no splits), or a
 * file of one row group, stays whole.
 */
final class FileSplits {
    /** Footers read side by side at most (they are small reads; on an object store each is a round trip). */
    private static final int FOOTER_THREADS = 8;

    private FileSplits() {
    }

    static List<FilesPartition.FileRef> units(List<DataFile> files, long maxBytes, StorageAccess access) {
        List<FilesPartition.FileRef> out = new ArrayList<>();
        List<DataFile> large = new ArrayList<>();
        for (DataFile f : files) {
            if (f.sizeBytes() > maxBytes) {
                large.add(f);
            } else {
                out.add(whole(f));
            }
        }
        if (large.isEmpty()) {
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(FOOTER_THREADS, large.size()), r -> {
            Thread t = new Thread(r, "deltacat-spark-footers");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<FilesPartition.FileRef>>> parts = new ArrayList<>();
            for (DataFile f : large) {
                parts.add(pool.submit(() -> split(f, maxBytes, access)));
            }
            for (Future<List<FilesPartition.FileRef>> p : parts) {
                out.addAll(p.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while reading the footers of large files", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DeltacatException d) {
                throw d;
            }
            throw new StorageException("reading the footer of a large file failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private static FilesPartition.FileRef whole(DataFile f) {
        return new FilesPartition.FileRef(f.uri(), f.format(), f.schemaVersion(), f.sizeBytes());
    }

    private static List<FilesPartition.FileRef> split(DataFile f, long maxBytes, StorageAccess access) {
        FilesPartition.FileRef file = whole(f);
        List<FileSplit> splits = Formats.require(f.format())
                .splits(Storages.forUri(f.uri(), access).inputFile(f.uri()), maxBytes);
        if (splits.size() <= 1) {
            return List.of(file);
        }
        List<FilesPartition.FileRef> out = new ArrayList<>(splits.size());
        splits.forEach(s -> out.add(file.part(s)));
        return out;
    }
}
