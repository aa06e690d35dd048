package io.deltacat.cli;

import io.deltacat.api.error.DeltacatException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Entry point of the {@code deltacat} command. */
@Command(name = "deltacat", mixinStandardHelpOptions = true, version = "deltacat 0.1.0",
        description = "DeltaCAT for the JVM: run a server, work with its namespaces, tables, jobs and pipelines,"
                + " check a server's compatibility.",
        subcommands = {ServerCommand.class, QuickstartCommand.class, NamespacesCommand.class, TablesCommand.class,
                ReadCommand.class, WriteCommand.class, JobsCommand.class, PipelinesCommand.class, AuthCommand.class,
                CompatCommand.class, Main.Completion.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure (server or storage error)", "2:usage (command line, filter, schema,"
                + " profile)", "3:not found", "4:conflict or already exists", "5:refused as invalid by the server",
                "6:not authenticated or not allowed", "7:server unavailable or unreachable", "8:not supported by the"
                + " server", "9:compat: a scenario failed", "10:jobs watch: the job failed or was cancelled",
                "11:jobs watch: timed out"})
public final class Main implements Runnable {

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        // before any logger exists: the quick start prints its own story, the server logs at info;
        // client commands print their own results and keep the libraries quiet
        boolean server = args.length > 0 && args[0].equals("server");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", server ? "info" : "warn"));
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty",
                System.getProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn"));
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.arrow",
                System.getProperty("org.slf4j.simpleLogger.log.org.apache.arrow", "warn"));
        System.exit(commandLine().execute(args));
    }

    /** The {@code deltacat} command line with its error handling: one line per failure, an exit code by kind. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            String name = cmd.getCommandSpec().qualifiedName(" ");
            cmd.getErr().println(name + ": " + describe(ex));
            if (System.getenv("DELTACAT_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return exitCode(ex);
        });
        return cl;
    }

    /** The exit code of a failure (see {@link ExitCodes}). */
    static int exitCode(Throwable ex) {
        if (ex instanceof CliUsageException || ex instanceof IllegalArgumentException) {
            return ExitCodes.USAGE;
        }
        if (ex instanceof DeltacatException d) {
            return ExitCodes.of(d);
        }
        return ExitCodes.FAILURE;
    }

    private static String describe(Throwable ex) {
        if (ex instanceof DeltacatException d) {
            return d.problemType().title().toLowerCase(java.util.Locale.ROOT) + ": " + d.getMessage();
        }
        if (ex instanceof CliUsageException || ex.getMessage() != null && ex instanceof IllegalArgumentException) {
            return ex.getMessage();
        }
        return ex.getClass().getSimpleName() + (ex.getMessage() != null ? ": " + ex.getMessage() : "");
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** {@code deltacat completion}: prints a bash/zsh completion script. */
    @Command(name = "completion", mixinStandardHelpOptions = true,
            description = "Print a bash completion script (zsh too, with bashcompinit): source <(deltacat completion)")
    static final class Completion implements Runnable {
        @Spec CommandSpec spec;

        @Override
        public void run() {
            System.out.print(AutoComplete.bash("deltacat", spec.root().commandLine()));
        }
    }
}
