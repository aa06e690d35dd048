package io.deltacat.cli;

import io.deltacat.api.DeltacatClient;
import io.deltacat.api.model.WriteMode;
import io.deltacat.api.model.WriteResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deltacat write FILE... --table T}: writes local files (Parquet, CSV, TSV, PSV, JSON lines,
 * Feather, and any format whose provider is on the module path) into a table of a running server, as
 * one commit.
 */
@Command(name = "write", mixinStandardHelpOptions = true,
        description = "Write local files into a table of a running server, as one commit.")
final class WriteCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to write; their format comes from the"
            + " extension (.parquet .csv .tsv .psv .jsonl .json .feather .arrow ...) unless --input-format says.")
    List<Path> files;

    @Option(names = "--table", required = true, description = "Table to write: TABLE or NAMESPACE.TABLE.")
    String table;

    @Option(names = {"-n", "--namespace"}, description = "Namespace (default: the profile's, else 'default').")
    String namespace;

    @Mixin Connection connection;

    @Option(names = "--format", description = "Storage format of a table the write creates (default: ${DEFAULT-VALUE}).",
            defaultValue = "parquet")
    String format;

    @Option(names = "--input-format", description = "Format of the input files, instead of detecting it by extension.")
    String inputFormat;

    @Option(names = "--mode", description = "Write mode: auto, create, add, append, ... (default: ${DEFAULT-VALUE}).",
            defaultValue = "auto")
    String mode;

    @Override
    public Integer call() {
        WriteMode writeMode;
        try {
            writeMode = WriteMode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CliUsageException("unknown mode '" + mode + "'; known: auto, create, add, append, replace, merge,"
                    + " delete");
        }
        TableName name = TableName.of(connection, namespace, table);
        try (DeltacatClient client = connection.connect();
             Progress progress = Progress.start(System.err, "write " + name, "MB", 1 << 20, -1)) {
            WriteResult r = client.catalog().write(files, w -> {
                w.namespace(name.namespace()).table(name.table()).mode(writeMode).format(format)
                        .progress(p -> progress.update(p.bytesRead(), p.bytesTotal(), java.util.Optional.of(
                                p.rows() + " rows, " + p.filesRead() + "/" + p.filesTotal() + " files")));
                if (inputFormat != null) {
                    w.inputFormat(inputFormat);
                }
            });
            progress.close();
            System.out.println("Committed " + r.rowCount() + " rows from " + files.size() + " file(s) into "
                    + r.namespace() + "." + r.table() + " in " + r.fileCount() + " data file(s) at commit time "
                    + r.commitTime() + (r.tableCreated() ? " (table created)" : ""));
            return ExitCodes.OK;
        }
    }
}
