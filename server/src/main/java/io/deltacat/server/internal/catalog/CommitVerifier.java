package io.deltacat.server.internal.catalog;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.StorageException;
import io.deltacat.io.spi.Storage;
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
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The trust boundary of a commit: what a client's manifest claims about its staged files is checked
 * here against the write and against storage before anything is recorded.
 */
final class CommitVerifier {
    private final Storage storage;

    CommitVerifier(Storage storage) {
        this.storage = storage;
    }

    /** A checked manifest: the write's data schema, each file's URI (in manifest order) and the rows. */
    record Verified(Schema schema, List<String> uris, long rows) {
    }

    /** Checks a commit manifest against the write's schema and its staged files. */
    Verified verify(WriteRow w, Commit req) {
        Schema dataSchema = StoredJson.readSchema(w.schemaJson());
        Set<String> columnNames = dataSchema.getFields().stream().map(Field::getName).collect(Collectors.toSet());
        Set<String> seen = new HashSet<>();
        List<String> uris = new ArrayList<>();
        long rows = 0;
        for (CommitFile f : req.files()) {
            Names.checkFileName(f.path());
            Names.checkFormat(f.format());
            if (!seen.add(f.path())) {
                throw new InvalidRequestException("file '" + f.path() + "' is listed more than once");
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
            String uri = w.stagingUri() + encodeSegment(f.path());
            checkStaged(f, uri);
            uris.add(uri);
            rows = Math.addExact(rows, f.rowCount());
        }
        return new Verified(dataSchema, uris, rows);
    }

    private void checkStaged(CommitFile f, String uri) {
        try {
            if (!storage.exists(uri)) {
                throw new InvalidRequestException("file '" + f.path() + "' does not exist under the staging prefix");
            }
            long size = storage.size(uri);
            if (size != f.sizeBytes()) {
                throw new InvalidRequestException("file '" + f.path() + "' has " + size + " bytes, not sizeBytes="
                        + f.sizeBytes());
            }
        } catch (IOException e) {
            throw new StorageException("cannot check staged file '" + f.path() + "'", e);
        }
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
