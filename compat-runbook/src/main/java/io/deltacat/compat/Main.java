package io.deltacat.compat;

import picocli.CommandLine;

/** The runnable jar's entry point: {@code java -jar compat-runbook.jar --server URL [...]}. */
public final class Main {
    private Main() {
    }

    /** Runs the runbook command and exits with its code. */
    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.exit(new CommandLine(new RunbookCommand()).setCommandName("compat-runbook").execute(args));
    }
}
