package io.deltacat.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The table a command works on, as a picocli mixin: {@code TABLE} or {@code NAMESPACE.TABLE}, and {@code -n}. */
final class TableArg {
    @Option(names = {"-n", "--namespace"}, description = "Namespace (default: the profile's, else 'default').")
    String namespace;

    @Parameters(paramLabel = "TABLE", description = "TABLE or NAMESPACE.TABLE")
    String table;

    /** The table, resolved against {@code --namespace} and the profile (see {@link TableName#of}). */
    TableName resolve(Connection connection) {
        return TableName.of(connection, namespace, table);
    }
}
