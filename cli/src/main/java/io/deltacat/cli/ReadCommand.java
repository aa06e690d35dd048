package io.deltacat.cli;

import io.deltacat.api.DeltacatClient;
import io.deltacat.api.expr.Predicate;
import io.deltacat.api.options.ReadOptions;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.Formats;
import io.deltacat.io.spi.Storages;
import io.deltacat.io.spi.WrittenFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deltacat read TABLE}: streams a table (optionally projected, filtered, limited, as of a
 * time) to standard output as an aligned table, CSV or JSON lines, or into a local file in any
 * format whose provider is on the module path.
 */
@Command(name = "read", mixinStandardHelpOptions = true,
        description = "Read a table: print it as a table, CSV or JSON lines, or write it to a file.")
final class ReadCommand implements Callable<Integer> {
    @Mixin Connection connection;

    @Parameters(paramLabel = "TABLE", description = "TABLE or NAMESPACE.TABLE") String table;

    @Option(names = {"-n", "--namespace"}, description = "Namespace (default: the profile's, else 'default').")
    String namespace;

    @Option(names = {"-c", "--columns"}, split = ",", paramLabel = "COLUMN", description = "Columns to read, in order.")
    List<String> columns = new ArrayList<>();

    @Option(names = {"-f", "--filter"}, paramLabel = "EXPR",
            description = "Rows to keep, e.g. \"age > 4 and (name like 'F%' or name is null)\". Operators: = != < <= > >=,"
                    + " IS [NOT] NULL, [NOT] IN (...), [NOT] BETWEEN a AND b, [NOT] LIKE 'p%', AND, OR, NOT, (...).")
    String filter;

    @Option(names = {"-l", "--limit"}, paramLabel = "N", description = "At most N rows.") Long limit;

    @Option(names = "--root", paramLabel = "ROOT", description = "Read from this data root where the table is placed"
            + " there and its files are replicated (else from home, file by file).") String root;

    @Option(names = "--as-of", paramLabel = "TIME",
            description = "Read the table as of a commit time: nanoseconds since the epoch, or ISO-8601 such as"
                    + " 2024-05-01T12:00:00Z.")
    String asOf;

    @Option(names = {"-o", "--output"}, paramLabel = "table|csv|json", defaultValue = "table",
            description = "Standard output format: aligned table, CSV, or JSON lines (default: ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the rows to FILE instead, in the format of its extension (.parquet .csv .jsonl"
                    + " .feather ...) or of --out-format.")
    Path outFile;

    @Option(names = "--out-format", paramLabel = "FORMAT", description = "Format of --out, e.g. parquet, csv, feather.")
    String outFormat;

    @Override
    public Integer call() throws Exception {
        TableName name = TableName.of(connection, namespace, table);
        Predicate predicate = filter == null ? null : FilterParser.parse(filter);
        Long asOfNanos = asOf == null ? null : parseAsOf(asOf);
        if (limit != null && limit < 0) {
            throw new CliUsageException("--limit must be >= 0, got " + limit);
        }
        RowWriter.Format format = stdoutFormat();
        FormatProvider fileFormat = outFile == null ? null : fileFormat();
        java.util.function.Consumer<ReadOptions.Builder> query = q -> {
            q.namespace(name.namespace()).table(name.table());
            if (!columns.isEmpty()) {
                q.columns(columns);
            }
            if (predicate != null) {
                q.filter(predicate);
            }
            if (limit != null) {
                q.limit(limit);
            }
            if (asOfNanos != null) {
                q.asOf(asOfNanos);
            }
            if (root != null) {
                q.root(root);
            }
        };
        try (DeltacatClient client = connection.connect();
             ArrowReader reader = client.catalog().read(query)) {
            if (fileFormat != null) {
                WrittenFile written;
                try (Progress progress = Progress.start(System.err, "read " + name, " rows", 1, -1)) {
                    written = writeFile(reader, fileFormat, client, progress, expectedRows(client, query));
                }
                System.err.println("Wrote " + written.rowCount() + " rows to " + outFile + " (" + fileFormat.name() + ", "
                        + written.sizeBytes() + " bytes)");
                return ExitCodes.OK;
            }
            RowWriter rows = new RowWriter(System.out, format);
            while (reader.loadNextBatch()) {
                rows.write(reader.getVectorSchemaRoot());
            }
            rows.finish(reader.getVectorSchemaRoot().getSchema().getFields().stream().map(Field::getName).toList());
        }
        return ExitCodes.OK;
    }

    /**
     * Rows the read gives at most, for the progress bar: the planned files' rows (an upper bound: merge
     * keys and filters may drop some), capped by --limit; -1 when not on a terminal (no bar, no plan).
     */
    private long expectedRows(DeltacatClient client, java.util.function.Consumer<ReadOptions.Builder> query) {
        if (System.console() == null) {
            return -1;
        }
        long rows = client.catalog().plan(query).files().stream().mapToLong(f -> f.rowCount()).sum();
        return limit == null ? rows : Math.min(rows, limit);
    }

    private WrittenFile writeFile(ArrowReader reader, FormatProvider provider, DeltacatClient client,
                                  Progress progress, long expectedRows) throws Exception {
        Path target = outFile.toAbsolutePath();
        if (Files.exists(target)) {
            throw new CliUsageException("--out " + outFile + " exists; remove it first or pick another name");
        }
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        var schema = reader.getVectorSchemaRoot().getSchema();
        provider.checkSchema(schema);
        var file = Storages.forUri(target.toUri().toString(), Map.of()).outputFile(target.toUri().toString());
        try (FormatWriter writer = provider.openWriter(file, schema, Map.of(), client.allocator())) {
            long rows = 0;
            progress.update(0, expectedRows, java.util.Optional.empty());
            while (reader.loadNextBatch()) {
                writer.write(reader.getVectorSchemaRoot());
                rows += reader.getVectorSchemaRoot().getRowCount();
                progress.update(rows, Math.max(rows, expectedRows), java.util.Optional.empty());
            }
            return writer.finish();
        }
    }

    private RowWriter.Format stdoutFormat() {
        switch (output.toLowerCase(Locale.ROOT)) {
            case "table": return RowWriter.Format.TABLE;
            case "csv": return RowWriter.Format.CSV;
            case "json": case "jsonl": return RowWriter.Format.JSON;
            default: throw new CliUsageException("--output takes table, csv or json, got '" + output + "'");
        }
    }

    private FormatProvider fileFormat() {
        if (outFormat != null) {
            return Formats.find(outFormat).orElseThrow(() -> new CliUsageException("--out-format '" + outFormat
                    + "' has no provider here; available: " + available()));
        }
        String fileName = outFile.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        if (dot < 0) {
            throw new CliUsageException("--out " + outFile + " has no extension; add one or pass --out-format");
        }
        String ext = fileName.substring(dot + 1);
        return Formats.forExtension(ext).orElseThrow(() -> new CliUsageException("no format provider for ." + ext
                + " files; available: " + available()));
    }

    private static String available() {
        return String.join(", ", Formats.all().stream().map(FormatProvider::name).sorted().toList());
    }

    /** A commit time: nanoseconds since the epoch, or an ISO-8601 instant. */
    static long parseAsOf(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException notNanos) {
            try {
                Instant t = Instant.parse(value);
                return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new CliUsageException("--as-of takes nanoseconds since the epoch or an ISO-8601 instant such as"
                        + " 2024-05-01T12:00:00Z, got '" + value + "'");
            }
        }
    }
}
