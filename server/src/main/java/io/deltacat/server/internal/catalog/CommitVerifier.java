package io.deltacat.server.internal.catalog;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.StorageException;
import io.deltacat.api.expr.Literals;
import io.deltacat.io.spi.FileFacts;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.Formats;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.Storage;
import io.deltacat.server.internal.storage.Roots;
import io.deltacat.server.internal.catalog.Model.Commit;
import io.deltacat.server.internal.catalog.Model.CommitFile;
import io.deltacat.server.internal.catalog.Rows.WriteRow;
import io.deltacat.server.internal.store.StoredJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trust boundary of a commit: what a client's manifest claims about its staged files is checked
 * here against the write, against storage and against the files' own content before anything is
 * recorded. Refusals name the file and what is wrong with it, never what the file contains.
 */
final class CommitVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(CommitVerifier.class);
    private final Roots roots;

    CommitVerifier(Roots roots) {
        this.roots = roots;
    }

    /**
     * A checked manifest: the write's data schema, each file's URI (in manifest order), the rows, and
     * the manifest as the files themselves tell it (row counts and statistics read from the files).
     */
    record Verified(Schema schema, List<String> uris, long rows, Commit commit) {
    }

    /**
     * Checks a commit manifest against the write and its staged files: each file is a regular file
     * inside the write's staging prefix ({@link Storage#stagedFile}), has the size claimed, is a
     * readable file of the table's format with the write's schema, and holds the rows claimed. The
     * statistics recorded are the file's own; the client's are not kept.
     */
    Verified verify(WriteRow w, Commit req) {
        Schema dataSchema = StoredJson.readSchema(w.schemaJson());
        Set<String> columnNames = dataSchema.getFields().stream().map(Field::getName).collect(Collectors.toSet());
        Set<String> seen = new HashSet<>();
        for (CommitFile f : req.files()) {
            Names.checkFileName(f.path());
            Names.checkFormat(f.format());
            if (!seen.add(f.path())) {
                throw new InvalidRequestException("file '" + f.path() + "' is listed more than once");
            }
            if (!f.format().equals(w.format())) {
                throw new InvalidRequestException("file '" + f.path() + "' is declared as " + f.format()
                        + " but table '" + w.namespace() + "." + w.table() + "' stores " + w.format() + " files");
            }
            if (f.columns() != null) {
                for (Iterator<String> it = f.columns().fieldNames(); it.hasNext(); ) {
                    String col = it.next();
                    if (!columnNames.contains(col)) {
                        throw new InvalidRequestException("file '" + f.path() + "' has statistics for unknown column '"
                                + col + "'");
                    }
                }
            }
        }
        List<String> uris = new ArrayList<>();
        List<CommitFile> checked = new ArrayList<>();
        long rows = 0;
        FormatProvider provider = req.files().isEmpty() ? null : provider(w.format());
        try (BufferAllocator allocator = new RootAllocator()) {
            for (CommitFile f : req.files()) {
                String uri = w.stagingUri() + encodeSegment(f.path());
                InputFile input = checkStaged(w, f, uri);
                FileFacts facts = inspect(provider, input, dataSchema, f, allocator);
                checkFileSchema(f, facts.schema(), dataSchema);
                if (facts.rowCount() != f.rowCount()) {
                    throw new InvalidRequestException("file '" + f.path() + "' holds " + facts.rowCount()
                            + " rows, not rowCount=" + f.rowCount());
                }
                checked.add(new CommitFile(f.path(), f.format(), facts.rowCount(), f.sizeBytes(),
                        StoredJson.columnStats(facts.columnStats()), f.partitionValues()));
                uris.add(uri);
                rows = Math.addExact(rows, facts.rowCount());
            }
        }
        return new Verified(dataSchema, uris, rows, new Commit(req.commitId(), checked, req.layoutManifest(),
                req.expectedSnapshot()));
    }

    /**
     * The provider that reads the table's files. A server without it could not check a single file,
     * so a table or write of that format is refused (400) before any file is written.
     */
    static FormatProvider provider(String format) {
        return Formats.find(format).orElseThrow(() -> new InvalidRequestException("this server has no provider"
                + " for format '" + format + "' and cannot check files of it (it reads "
                + Formats.all().stream().map(FormatProvider::name).sorted().toList() + "); install the format's"
                + " module on the server's module path"));
    }

    private InputFile checkStaged(WriteRow w, CommitFile f, String uri) {
        Storage storage = roots.storage(w.stagingUri());
        try {
            if (!storage.exists(uri)) {
                throw new InvalidRequestException("file '" + f.path() + "' does not exist under the staging prefix");
            }
            InputFile input = storage.stagedFile(w.stagingUri(), uri);
            long size = storage.size(uri);
            if (size != f.sizeBytes()) {
                throw new InvalidRequestException("file '" + f.path() + "' has " + size + " bytes, not sizeBytes="
                        + f.sizeBytes());
            }
            return input;
        } catch (IOException e) {
            throw new StorageException("cannot check staged file '" + f.path() + "'", e);
        }
    }

    /**
     * Reads the file's own facts. Whatever the provider says about a file it cannot read may quote
     * the file's bytes, so the client hears only that the file is not readable; the server's log has
     * the cause.
     */
    private static FileFacts inspect(FormatProvider provider, InputFile input, Schema dataSchema, CommitFile f,
                                     BufferAllocator allocator) {
        try {
            return provider.inspect(input, dataSchema, allocator);
        } catch (InvalidRequestException refused) {
            throw refused; // the storage's own refusal (a link swapped in): names the file only
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.info("staged file {} is not a readable {} file", input.uri(), provider.name(), e);
            throw new InvalidRequestException("file '" + f.path() + "' is not a readable " + provider.name()
                    + " file");
        }
    }

    /** The file's columns must be the write's: same names in order, same types (nullability aside). */
    private static void checkFileSchema(CommitFile f, Schema file, Schema data) {
        List<Field> ff = file.getFields();
        List<Field> df = data.getFields();
        for (int i = 0; i < Math.max(ff.size(), df.size()); i++) {
            if (i >= ff.size()) {
                throw new InvalidRequestException("file '" + f.path() + "' lacks column '" + df.get(i).getName() + "'");
            }
            if (i >= df.size()) {
                throw new InvalidRequestException("file '" + f.path() + "' has column '" + ff.get(i).getName()
                        + "', which the write's schema does not");
            }
            if (!sameShape(ff.get(i), df.get(i))) {
                throw new InvalidRequestException("file '" + f.path() + "' has column '" + ff.get(i).getName() + "' of"
                        + " type " + Literals.typeName(ff.get(i).getType()) + " where the write's schema has '"
                        + df.get(i).getName() + "' of type " + Literals.typeName(df.get(i).getType()));
            }
        }
    }

    private static boolean sameShape(Field a, Field b) {
        if (!a.getName().equals(b.getName()) || !a.getType().equals(b.getType())
                || a.getChildren().size() != b.getChildren().size()) {
            return false;
        }
        for (int i = 0; i < a.getChildren().size(); i++) {
            if (!sameShape(a.getChildren().get(i), b.getChildren().get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Percent-encodes one path segment per RFC 3986 (unreserved characters stay). */
    static String encodeSegment(String s) {
        StringBuilder b = new StringBuilder();
        for (byte by : s.getBytes(StandardCharsets.UTF_8)) {
            int ch = by & 0xff;
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                    || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
                b.append((char) ch);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(ch >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(ch & 0xf, 16)));
            }
        }
        return b.toString();
    }
}
