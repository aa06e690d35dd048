package io.deltacat.cli;

import io.deltacat.api.DeltacatClient;
import io.deltacat.api.model.RootReplication;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code deltacat tables place|unplace|replication}: data placement across storage roots. */
final class PlacementCommands {
    private PlacementCommands() {
    }

    /** {@code tables place TABLE --root R [--root R2] [--no-backfill]}. */
    @Command(name = "place", mixinStandardHelpOptions = true, description = "Place a table on more data roots: the"
            + " server replicates its files there (backfilling the live files unless --no-backfill).")
    static final class Place implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Mixin TableArg tableArg;
        @Option(names = "--root", required = true, paramLabel = "ROOT", description = "A data root (repeatable).")
        List<String> roots;
        @Option(names = "--no-backfill", description = "Copy only what commits from now on.") boolean noBackfill;

        @Override
        public Integer call() {
            OutputOption.Mode mode = output.mode(connection);
            TableName name = tableArg.resolve(connection);
            try (DeltacatClient client = connection.connect()) {
                List<RootReplication> status = client.catalog().place(name.namespace(), name.table(), roots, !noBackfill);
                Printer.list(System.out, mode, rows(status));
            }
            return ExitCodes.OK;
        }
    }

    /** {@code tables unplace TABLE --root R}. */
    @Command(name = "unplace", mixinStandardHelpOptions = true, description = "Stop replicating a table to a data"
            + " root; its copies there are deleted after the retention window.")
    static final class Unplace implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin TableArg tableArg;
        @Option(names = "--root", required = true, paramLabel = "ROOT", description = "The placed data root.")
        String root;

        @Override
        public Integer call() {
            TableName name = tableArg.resolve(connection);
            try (DeltacatClient client = connection.connect()) {
                client.catalog().unplace(name.namespace(), name.table(), root);
            }
            System.out.println("Unplaced table " + name + " from root " + root);
            return ExitCodes.OK;
        }
    }

    /** {@code tables replication TABLE}. */
    @Command(name = "replication", mixinStandardHelpOptions = true, description = "Replication status of a table per"
            + " placed root: state, last replicated commit, commits and bytes behind, last error.")
    static final class Replication implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Mixin TableArg tableArg;

        @Override
        public Integer call() {
            OutputOption.Mode mode = output.mode(connection);
            TableName name = tableArg.resolve(connection);
            try (DeltacatClient client = connection.connect()) {
                Printer.list(System.out, mode, rows(client.catalog().replicationStatus(name.namespace(), name.table())));
            }
            return ExitCodes.OK;
        }
    }

    private static List<Map<String, Object>> rows(List<RootReplication> status) {
        return status.stream().map(Views::replication).toList();
    }
}
