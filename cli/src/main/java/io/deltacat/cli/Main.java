package io.deltacat.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code deltacat} command. */
@Command(name = "deltacat", mixinStandardHelpOptions = true, version = "deltacat 0.1.0",
        description = "DeltaCAT for the JVM: run a reference server or try the quick start.",
        subcommands = {ServerCommand.class, QuickstartCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
