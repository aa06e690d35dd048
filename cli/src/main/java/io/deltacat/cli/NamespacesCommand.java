package io.deltacat.cli;

import io.deltacat.api.DeltacatClient;
import io.deltacat.api.model.NamespaceInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deltacat namespaces list|describe|create|drop}. */
@Command(name = "namespaces", mixinStandardHelpOptions = true, description = "List, describe, create and drop namespaces.",
        subcommands = {NamespacesCommand.ListNs.class, NamespacesCommand.Describe.class, NamespacesCommand.Create.class,
                NamespacesCommand.Drop.class})
final class NamespacesCommand {

    /** {@code namespaces list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the namespaces.")
    static final class ListNs implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;

        @Override
        public Integer call() {
            OutputOption.Mode mode = output.mode(connection);
            try (DeltacatClient client = connection.connect()) {
                Printer.list(System.out, mode, client.catalog().listNamespaces().stream().map(Views::namespace).toList());
            }
            return ExitCodes.OK;
        }
    }

    /** {@code namespaces describe NAME}. */
    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Describe a namespace.")
    static final class Describe implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            OutputOption.Mode mode = output.mode(connection);
            try (DeltacatClient client = connection.connect()) {
                NamespaceInfo ns = client.catalog().getNamespace(name);
                Map<String, Object> r = Views.namespace(ns);
                r.put("tables", client.catalog().listTables(name).size());
                Printer.one(System.out, mode, r);
            }
            return ExitCodes.OK;
        }
    }

    /** {@code namespaces create NAME [--property k=v]...}. */
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a namespace.")
    static final class Create implements Callable<Integer> {
        @Mixin Connection connection;
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--property", paramLabel = "KEY=VALUE", description = "A namespace property (repeatable).")
        Map<String, String> properties = new LinkedHashMap<>();

        @Override
        public Integer call() {
            try (DeltacatClient client = connection.connect()) {
                client.catalog().createNamespace(name, properties);
            }
            System.out.println("Created namespace " + name);
            return ExitCodes.OK;
        }
    }

    /** {@code namespaces drop NAME [--cascade]}. */
    @Command(name = "drop", mixinStandardHelpOptions = true, description = "Drop a namespace (refused while it has"
            + " tables, unless --cascade).")
    static final class Drop implements Callable<Integer> {
        @Mixin Connection connection;
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--cascade", description = "Drop its tables too.") boolean cascade;

        @Override
        public Integer call() {
            try (DeltacatClient client = connection.connect()) {
                client.catalog().dropNamespace(name, cascade);
            }
            System.out.println("Dropped namespace " + name);
            return ExitCodes.OK;
        }
    }
}
