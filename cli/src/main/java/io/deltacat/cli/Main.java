package io.deltacat.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code deltacat} command. */
@Command(name = "deltacat", mixinStandardHelpOptions = true, version = "deltacat 0.1.0",
        description = "DeltaCAT for the JVM: run a reference server or try the quick start.",
        subcommands = {ServerCommand.class, QuickstartCommand.class, WriteCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        // before any logger exists: the quick start prints its own story, the server logs at info
        boolean quickstart = args.length > 0 && args[0].equals("quickstart");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", quickstart ? "warn" : "info"));
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty",
                System.getProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn"));
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.arrow",
                System.getProperty("org.slf4j.simpleLogger.log.org.apache.arrow", "warn"));
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
