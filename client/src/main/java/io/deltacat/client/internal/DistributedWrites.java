package io.deltacat.client.internal;

import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.error.StorageException;
import io.deltacat.api.model.StagedFile;
import io.deltacat.api.model.StagedWriteTarget;
import io.deltacat.api.model.WriteResult;
import io.deltacat.api.options.WriteOptions;
import io.deltacat.io.spi.Formats;
import io.deltacat.io.spi.SchemaAdapter;
import io.deltacat.io.spi.Storage;
import io.deltacat.io.spi.Storages;
import io.deltacat.io.spi.WrittenFile;
import io.deltacat.wire.catalog.WriteSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The driver's side of a distributed staged write: begin (the server's session as a
 * {@link StagedWriteTarget}), commit of the files the tasks staged (one manifest, one commit, through
 * {@link StagedWrite}'s commit and its lost-answer handling) and abort.
 */
final class DistributedWrites {
    private DistributedWrites() {
    }

    static StagedWriteTarget begin(ApiCalls calls, BufferAllocator allocator, Schema schema, WriteOptions options) {
        // fail on unstorable types before anything is created anywhere
        Formats.require(options.format()).checkSchema(schema);
        StagedWrite write = new StagedWrite(calls, allocator, options);
        WriteSession session = write.begin(schema);
        String writeId = session.writeId();
        try {
            Schema effective = session.schema() != null && !session.schema().isNull()
                    ? CatalogWire.schema(session.schema()) : schema;
            Schema plain = SchemaAdapter.plain(effective);
            String format = session.format() == null ? options.format() : session.format();
            Formats.require(format).checkSchema(plain);
            return new StagedWriteTarget(writeId, options.namespace(), options.table(),
                    session.stagingUri(), format, plain.toJson(),
                    CatalogWire.partitionKeys(session.partitionKeys()), CatalogWire.sortKeys(session.sortKeys()),
                    options.formatOptions(), options.targetFileSizeBytes(), StagedWrite.credentials(session));
        } catch (RuntimeException e) {
            write.abortQuietly(writeId, e);
            throw e;
        }
    }

    static WriteResult commit(ApiCalls calls, BufferAllocator allocator, StagedWriteTarget target,
                              List<StagedFile> files) {
        StagedWrite write = new StagedWrite(calls, allocator,
                WriteOptions.builder().namespace(target.namespace()).table(target.table()).build());
        List<StagedWrite.Staged> staged = new ArrayList<>();
        Set<String> named = new HashSet<>();
        for (StagedFile f : files) {
            named.add(f.name());
            staged.add(new StagedWrite.Staged(f.name(), new WrittenFile(target.stagingUri() + f.name(), f.rowCount(),
                    f.sizeBytes()), f.columns(), f.partitionValues()));
        }
        try {
            deleteUnnamed(target, named);
        } catch (RuntimeException e) {
            write.abortQuietly(target.writeId(), e);
            throw e;
        }
        return write.commit(target.writeId(), target.format(), staged);
    }

    /**
     * Files of task attempts that were not accepted (failed, speculative, lost): never committed, never
     * read. Deleted here on local staging; on an object store the access vended for a write may not list
     * (presigned uploads), so they are left to the server's collection of unreferenced files, which
     * takes them once the write has ended and the grace period passed.
     */
    private static void deleteUnnamed(StagedWriteTarget target, Set<String> named) {
        String scheme = java.net.URI.create(target.stagingUri()).getScheme();
        if (scheme != null && !scheme.equals("file")) {
            return;
        }
        Storage storage = Storages.forUri(target.stagingUri(), target.credentials());
        try {
            for (String uri : storage.list(target.stagingUri())) {
                String name = entryName(target.stagingUri(), uri);
                if (name != null && !named.contains(name)) {
                    storage.deletePrefix(target.stagingUri() + name);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new StorageException("cleaning the staging prefix " + target.stagingUri() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The name of the staging prefix's entry that {@code uri} (a listed file) belongs to: the file itself,
     * or the directory of a directory-shaped file (Lance); null when the uri is not under the prefix.
     */
    static String entryName(String stagingUri, String uri) {
        String prefix = java.net.URI.create(stagingUri).getPath();
        String path = java.net.URI.create(uri).getPath();
        if (prefix == null || path == null || !path.startsWith(prefix)) {
            return null;
        }
        String rest = path.substring(prefix.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    static void abort(ApiCalls calls, StagedWriteTarget target) {
        try {
            calls.delete(StagedWrite.WRITE, PathSegments.path("writes", target.writeId()), Map.of());
        } catch (NotFoundException gone) {
            // already expired and collected: nothing is left to abort
        }
    }
}
