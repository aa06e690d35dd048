package io.deltacat.compat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options that choose what a runbook run does and where it reports, as a picocli mixin shared by
 * {@link RunbookCommand} and the {@code deltacat compat} command (which finds server and token its
 * own way): {@code --scenarios}, {@code --read-only}, {@code --report}, {@code --list}.
 */
public final class RunSelection {
    @Option(names = "--scenarios", split = ",", paramLabel = "GLOB",
            description = "Only scenarios matching these globs, e.g. 'catalog/*,reads/**' (default: all).")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--read-only", description = "Only scenarios that change nothing (safe against production).")
    boolean readOnly;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Write compat-report.xml (JUnit), compat-report.json and compat-report.md into DIR.")
    Path report;

    @Option(names = "--list", description = "List the scenarios and exit.")
    boolean list;

    /**
     * With {@code --list}, prints every scenario and answers true: the command then exits 0 without
     * running anything.
     */
    public boolean listed() {
        if (list) {
            Runbook.describeScenarios().forEach(System.out::println);
        }
        return list;
    }

    /** Runs the runbook with these options against {@code server} (see {@link RunbookCommand#execute}). */
    public int execute(java.net.URI server, io.deltacat.api.TokenProvider tokens) {
        return RunbookCommand.execute(server, tokens, scenarios, readOnly, Optional.ofNullable(report));
    }
}
