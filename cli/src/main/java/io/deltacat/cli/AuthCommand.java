package io.deltacat.cli;

import io.deltacat.api.DeltacatClient;
import io.deltacat.api.model.IssuedToken;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deltacat auth whoami|tokens}. */
@Command(name = "auth", mixinStandardHelpOptions = true, description = "Who you are to the server; your tokens.",
        subcommands = {AuthCommand.Whoami.class, AuthCommand.Tokens.class})
final class AuthCommand {

    /** {@code auth whoami}. */
    @Command(name = "whoami", mixinStandardHelpOptions = true, description = "Show the user, role and grants of the token.")
    static final class Whoami implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;

        @Override
        public Integer call() {
            OutputOption.Mode mode = output.mode(connection);
            try (DeltacatClient client = connection.connect()) {
                Printer.one(System.out, mode, Views.whoami(client.auth().whoami()));
            }
            return ExitCodes.OK;
        }
    }

    /** {@code auth tokens list|issue|revoke}. */
    @Command(name = "tokens", mixinStandardHelpOptions = true, description = "List, issue and revoke tokens.",
            subcommands = {Tokens.ListTokens.class, Tokens.Issue.class, Tokens.Revoke.class})
    static final class Tokens {

        /** {@code auth tokens list [--user U]}. */
        @Command(name = "list", mixinStandardHelpOptions = true, description = "A user's tokens (never their secrets).")
        static final class ListTokens implements Callable<Integer> {
            @Mixin Connection connection;
            @Mixin OutputOption output;
            @Option(names = "--user", description = "Whose tokens (default: yours; others' need admin).") String user;

            @Override
            public Integer call() {
                OutputOption.Mode mode = output.mode(connection);
                try (DeltacatClient client = connection.connect()) {
                    String who = user != null ? user : client.auth().whoami().user();
                    Printer.list(System.out, mode, client.auth().listTokens(who).stream().map(Views::token).toList());
                }
                return ExitCodes.OK;
            }
        }

        /** {@code auth tokens issue NAME [--user U] [--expires-in D]}: prints the secret once. */
        @Command(name = "issue", mixinStandardHelpOptions = true,
                description = "Issue a token; its secret is printed once, on standard output, and never again.")
        static final class Issue implements Callable<Integer> {
            @Mixin Connection connection;
            @Parameters(paramLabel = "NAME", description = "A name for the token, e.g. laptop.") String name;
            @Option(names = "--user", description = "For whom (default: you; others need admin).") String user;
            @Option(names = "--expires-in", paramLabel = "DURATION", description = "How long it works, ISO-8601, e.g."
                    + " P30D (default: no expiry).")
            Duration expiresIn;

            @Override
            public Integer call() {
                try (DeltacatClient client = connection.connect()) {
                    String who = user != null ? user : client.auth().whoami().user();
                    IssuedToken t = client.auth().issueToken(who, name, expiresIn);
                    System.err.println("Issued token " + t.token().id() + " for " + who + "; keep the secret below, it"
                            + " is not shown again:");
                    System.out.println(t.secret());
                }
                return ExitCodes.OK;
            }
        }

        /** {@code auth tokens revoke ID [--user U]}. */
        @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token at once.")
        static final class Revoke implements Callable<Integer> {
            @Mixin Connection connection;
            @Parameters(paramLabel = "TOKEN_ID") String tokenId;
            @Option(names = "--user", description = "Whose token (default: yours).") String user;

            @Override
            public Integer call() {
                try (DeltacatClient client = connection.connect()) {
                    String who = user != null ? user : client.auth().whoami().user();
                    client.auth().revokeToken(who, tokenId);
                }
                System.out.println("Revoked token " + tokenId);
                return ExitCodes.OK;
            }
        }
    }
}
