package io.deltacat.cli;

import io.deltacat.api.DeltacatClient;
import io.deltacat.api.NodesClient;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.Node;
import io.deltacat.api.model.NodeKind;
import io.deltacat.api.model.PipelineStatus;
import io.deltacat.api.model.TableRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deltacat pipelines list|status|trigger|pause|resume}. */
@Command(name = "pipelines", mixinStandardHelpOptions = true,
        description = "List pipelines, show their status, trigger, pause and resume them.",
        subcommands = {PipelinesCommand.ListPipelines.class, PipelinesCommand.Status.class, PipelinesCommand.Trigger.class,
                PipelinesCommand.Pause.class, PipelinesCommand.Resume.class})
final class PipelinesCommand {

    /** {@code pipelines list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the pipelines.")
    static final class ListPipelines implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;

        @Override
        public Integer call() {
            OutputOption.Mode mode = output.mode(connection);
            try (DeltacatClient client = connection.connect()) {
                Printer.list(System.out, mode, client.pipelines().list().stream().map(Views::pipeline).toList());
            }
            return ExitCodes.OK;
        }
    }

    /** {@code pipelines status ID}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Each node of a pipeline in execution order: state, last run, deltas not yet consumed.")
    static final class Status implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Parameters(paramLabel = "PIPELINE") String id;

        @Override
        public Integer call() {
            OutputOption.Mode mode = output.mode(connection);
            try (DeltacatClient client = connection.connect()) {
                Printer.list(System.out, mode, Views.pipelineStatus(client.pipelines().status(id)));
            }
            return ExitCodes.OK;
        }
    }

    /** {@code pipelines trigger ID [--node NODE]}. */
    @Command(name = "trigger", mixinStandardHelpOptions = true,
            description = "Start a run of the pipeline's root nodes (those whose sources no other member writes),"
                    + " or of one node with --node; runs downstream follow by their triggers.")
    static final class Trigger implements Callable<Integer> {
        @Mixin Connection connection;
        @Parameters(paramLabel = "PIPELINE") String id;
        @Option(names = "--node", paramLabel = "NODE", description = "Trigger only this node of the pipeline.")
        String node;

        @Override
        public Integer call() {
            try (DeltacatClient client = connection.connect()) {
                PipelineStatus status = client.pipelines().status(id);
                List<String> targets;
                if (node != null) {
                    if (status.nodes().stream().noneMatch(n -> n.nodeId().equals(node))) {
                        throw new CliUsageException("node '" + node + "' is not in pipeline '" + id + "'");
                    }
                    targets = List.of(node);
                } else {
                    targets = roots(client, status);
                }
                for (String n : targets) {
                    Job run = client.subscriptions().trigger(n);
                    System.out.println("node " + n + ": run " + run.id() + " " + run.state().wireName());
                }
            }
            return ExitCodes.OK;
        }

        private static List<String> roots(DeltacatClient client, PipelineStatus status) {
            List<Node> nodes = new ArrayList<>();
            for (PipelineStatus.NodeStatus n : status.nodes()) {
                nodes.add(nodesOf(client, n.kind()).get(n.nodeId()));
            }
            Set<TableRef> written = new HashSet<>();
            nodes.forEach(n -> written.addAll(n.sinkTables()));
            List<String> roots = new ArrayList<>();
            for (Node n : nodes) {
                if (n.sourceTables().stream().noneMatch(written::contains)) {
                    roots.add(n.id());
                }
            }
            return roots;
        }

        private static NodesClient nodesOf(DeltacatClient client, NodeKind kind) {
            switch (kind) {
                case PUBLICATION: return client.publications();
                case TRANSFORM: return client.transforms();
                default: return client.subscriptions();
            }
        }
    }

    /** {@code pipelines pause ID}. */
    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause every node of a pipeline.")
    static final class Pause implements Callable<Integer> {
        @Mixin Connection connection;
        @Parameters(paramLabel = "PIPELINE") String id;

        @Override
        public Integer call() {
            try (DeltacatClient client = connection.connect()) {
                client.pipelines().pause(id);
            }
            System.out.println("Paused pipeline " + id);
            return ExitCodes.OK;
        }
    }

    /** {@code pipelines resume ID}. */
    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume every node of a pipeline.")
    static final class Resume implements Callable<Integer> {
        @Mixin Connection connection;
        @Parameters(paramLabel = "PIPELINE") String id;

        @Override
        public Integer call() {
            try (DeltacatClient client = connection.connect()) {
                client.pipelines().resume(id);
            }
            System.out.println("Resumed pipeline " + id);
            return ExitCodes.OK;
        }
    }
}
