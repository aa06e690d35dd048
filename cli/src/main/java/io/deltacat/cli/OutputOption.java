package io.deltacat.cli;

import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --output table|json} of the listing and describing commands (a picocli mixin); the default
 * is the profile's {@code output}, else {@code table}.
 */
final class OutputOption {
    /** How a result is printed. */
    enum Mode { TABLE, JSON }

    @Option(names = {"-o", "--output"}, paramLabel = "table|json",
            description = "Print an aligned table or JSON (default: the profile's output, else table).")
    String output;

    /** The mode, from the option, else the profile, else {@code table}. */
    Mode mode(Connection connection) {
        String value = output != null ? output
                : Profiles.value(connection.profileSettings(), "output").orElse("table");
        switch (value.toLowerCase(Locale.ROOT)) {
            case "table": return Mode.TABLE;
            case "json": return Mode.JSON;
            default: throw new CliUsageException("--output takes table or json, got '" + value + "'");
        }
    }
}
