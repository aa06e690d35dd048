package io.deltacat.cli;

import io.deltacat.api.DeltacatClient;
import io.deltacat.api.model.TableInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code deltacat tables list|describe|create|drop|rename|compact|place|unplace|replication}. */
@Command(name = "tables", mixinStandardHelpOptions = true, description = "List, describe, create, drop, rename and"
        + " compact tables; place them on more data roots.",
        subcommands = {TablesCommand.ListTables.class, TablesCommand.Describe.class, TablesCommand.Create.class,
                TablesCommand.Drop.class, TablesCommand.Rename.class, TablesCommand.Compact.class, PlacementCommands.Place.class,
                PlacementCommands.Unplace.class, PlacementCommands.Replication.class})
final class TablesCommand {

    /** {@code tables list [--namespace NS | --all]}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the tables of a namespace.")
    static final class ListTables implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Option(names = {"-n", "--namespace"}, description = "Namespace (default: the profile's, else 'default').")
        String namespace;
        @Option(names = "--all", description = "Tables of every namespace.") boolean all;

        @Override
        public Integer call() {
            OutputOption.Mode mode = output.mode(connection);
            if (all && namespace != null) {
                throw new CliUsageException("--all and --namespace exclude each other");
            }
            try (DeltacatClient client = connection.connect()) {
                List<String> namespaces = all
                        ? client.catalog().listNamespaces().stream().map(ns -> ns.name()).toList()
                        : List.of(connection.namespace(namespace));
                List<Map<String, Object>> rows = new ArrayList<>();
                for (String ns : namespaces) {
                    client.catalog().listTables(ns).forEach(t -> rows.add(Views.tableRow(t)));
                }
                Printer.list(System.out, mode, rows);
            }
            return ExitCodes.OK;
        }
    }

    /** {@code tables describe TABLE}. */
    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Describe a table: schema, keys, layout,"
            + " size, properties.")
    static final class Describe implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Mixin TableArg tableArg;

        @Override
        public Integer call() {
            OutputOption.Mode mode = output.mode(connection);
            TableName name = tableArg.resolve(connection);
            try (DeltacatClient client = connection.connect()) {
                TableInfo t = client.catalog().getTable(name.namespace(), name.table());
                Map<String, Object> r = Views.table(t);
                if (mode == OutputOption.Mode.TABLE) {
                    // the schema reads better as its own aligned block
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> fields = (List<Map<String, Object>>) r.remove("schema");
                    Printer.one(System.out, mode, r);
                    System.out.println();
                    Printer.list(System.out, mode, fields);
                } else {
                    Printer.one(System.out, mode, r);
                }
            }
            return ExitCodes.OK;
        }
    }

    /** {@code tables create TABLE --schema SPEC ...}. */
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an empty table.")
    static final class Create implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin TableArg tableArg;
        @Option(names = "--schema", required = true, paramLabel = "SPEC",
                description = "Columns: 'NAME TYPE [not null], ...', e.g. 'id int64 not null, name string'. Types: bool,"
                        + " int8..int64, float32, float64, string, binary, date, timestamp(UNIT[, ZONE]), decimal(P, S).")
        String schema;
        @Option(names = "--format", description = "Storage format (default: the server's, parquet).") String format;
        @Option(names = "--merge-keys", split = ",", paramLabel = "COLUMN", description = "Merge-key columns.")
        List<String> mergeKeys = new ArrayList<>();
        @Option(names = "--property", paramLabel = "KEY=VALUE", description = "A table property (repeatable).")
        Map<String, String> properties = new LinkedHashMap<>();
        @Option(names = "--create-namespace", description = "Create the namespace when it does not exist.")
        boolean createNamespace;

        @Override
        public Integer call() {
            TableName name = tableArg.resolve(connection);
            var arrowSchema = SchemaSpec.parse(schema);
            try (DeltacatClient client = connection.connect()) {
                TableInfo t = client.catalog().createTable(o -> {
                    o.namespace(name.namespace()).table(name.table()).schema(arrowSchema)
                            .autoCreateNamespace(createNamespace);
                    if (format != null) {
                        o.format(format);
                    }
                    if (!mergeKeys.isEmpty()) {
                        o.mergeKeys(mergeKeys.toArray(String[]::new));
                    }
                    properties.forEach(o::property);
                });
                System.out.println("Created table " + t.namespace() + "." + t.name() + " (" + t.format() + ")");
            }
            return ExitCodes.OK;
        }
    }

    /** {@code tables drop TABLE}. */
    @Command(name = "drop", mixinStandardHelpOptions = true, description = "Drop a table (undroppable within the"
            + " server's retention window).")
    static final class Drop implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin TableArg tableArg;
        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation on a terminal.") boolean yes;

        @Override
        public Integer call() {
            TableName name = tableArg.resolve(connection);
            try (DeltacatClient client = connection.connect()) {
                // asked only of a person at a terminal: scripts (no console) are never held up
                if (!yes && System.console() != null) {
                    TableInfo t = client.catalog().getTable(name.namespace(), name.table());
                    String answer = System.console().readLine("Drop table %s (%d rows, %d files)? [y/N] ", name,
                            t.rowCount(), t.fileCount());
                    if (answer == null || !answer.strip().toLowerCase(java.util.Locale.ROOT).matches("y|yes")) {
                        System.out.println("Kept table " + name);
                        return ExitCodes.OK;
                    }
                }
                client.catalog().dropTable(name.namespace(), name.table());
            }
            System.out.println("Dropped table " + name);
            return ExitCodes.OK;
        }
    }

    /** {@code tables rename TABLE NEW_NAME}: within the table's namespace. */
    @Command(name = "rename", mixinStandardHelpOptions = true, description = "Rename a table within its namespace"
            + " (its data, history and placements stay as they are).")
    static final class Rename implements Callable<Integer> {
        @Mixin Connection connection;
        // not the TableArg mixin: two positionals need explicit indexes
        @Option(names = {"-n", "--namespace"}, description = "Namespace (default: the profile's, else 'default').")
        String namespace;
        @picocli.CommandLine.Parameters(index = "0", paramLabel = "TABLE", description = "TABLE or NAMESPACE.TABLE")
        String table;
        @picocli.CommandLine.Parameters(index = "1", paramLabel = "NEW_NAME",
                description = "The new table name (in the same namespace).")
        String newName;

        @Override
        public Integer call() {
            TableName name = TableName.of(connection, namespace, table);
            try (DeltacatClient client = connection.connect()) {
                TableInfo t = client.catalog().renameTable(name.namespace(), name.table(), newName);
                System.out.println("Renamed table " + name + " to " + t.namespace() + "." + t.name());
            }
            return ExitCodes.OK;
        }
    }

    /** {@code tables compact TABLE [--wait [--timeout D]]}. */
    @Command(name = "compact", mixinStandardHelpOptions = true, description = "Submit a compaction of a table, run by"
            + " the server; with --wait, follow it with a progress bar until it ends (exit codes as jobs watch).")
    static final class Compact implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin TableArg tableArg;
        @Option(names = "--wait", description = "Follow the compaction until it ends.") boolean await;
        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT1H",
                description = "With --wait: stop waiting after this long, ISO-8601 (default: ${DEFAULT-VALUE}).")
        java.time.Duration timeout;

        @Override
        public Integer call() {
            TableName name = tableArg.resolve(connection);
            try (DeltacatClient client = connection.connect()) {
                var job = client.jobs().submitCompaction(name.namespace(), name.table());
                System.out.println("Submitted compaction of " + name + " as job " + job.id());
                return await ? JobFollower.follow(client, job.id(), timeout) : ExitCodes.OK;
            }
        }
    }
}
