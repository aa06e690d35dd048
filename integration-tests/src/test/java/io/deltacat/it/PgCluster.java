package io.deltacat.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster from the machine's Debian packages, started once per test JVM:
 * {@code initdb} + {@code pg_ctl} as the {@code postgres} user, bound to 127.0.0.1 on a free port, in a
 * temporary directory owned by {@code postgres}; stopped (and deleted) when the JVM exits. Each
 * test gets its own database ({@link #newDatabase()}).
 *
 * <p>A test that needs PostgreSQL and cannot start it fails with the reason; it never skips.
 */
final class PgCluster {
    private static PgCluster shared;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path dir;
    private final Path bin;
    private final int port;
    private final boolean asPostgres;

    private PgCluster(Path dir, Path bin, int port, boolean asPostgres) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** The cluster of this JVM, started on first use. */
    static synchronized PgCluster shared() {
        if (shared == null) {
            try {
                shared = start();
            } catch (Exception e) {
                throw new AssertionError("PostgreSQL is needed by this test and could not be started: " + e.getMessage()
                        + " (install the Debian package 'postgresql'; .ci/run does)", e);
            }
            PgCluster c = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(c::stop, "pg-cluster-stop"));
        }
        return shared;
    }

    private static PgCluster start() throws Exception {
        Path bin = findBin();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("deltacat-pg-");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PgCluster c = new PgCluster(dir, bin, port, root);
        if (root) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), 30);
        }
        Path data = dir.resolve("data");
        c.pg(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "--no-sync",
                "-U", "postgres", "-E", "UTF8"), 120);
        c.pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(),
                "-o", "-c listen_addresses=127.0.0.1 -p " + port + " -c unix_socket_directories=" + dir
                        + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
                "-w", "-t", "60", "start"), 120);
        return c;
    }

    private static Path findBin() throws Exception {
        List<Path> candidates = new ArrayList<>();
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                candidates.add(Path.of(out));
            }
        } catch (IOException ignored) {
            // no pg_config on the PATH
        }
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> versions = Files.list(lib)) {
                versions.sorted(Comparator.reverseOrder()).forEach(v -> candidates.add(v.resolve("bin")));
            }
        }
        for (Path c : candidates) {
            if (Files.isExecutable(c.resolve("pg_ctl")) && Files.isExecutable(c.resolve("initdb"))) {
                return c;
            }
        }
        throw new IllegalStateException("no PostgreSQL binaries (pg_ctl, initdb) found in " + candidates);
    }

    private void pg(List<String> command, int timeoutSeconds) throws Exception {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full, timeoutSeconds);
    }

    private static void run(List<String> command, int timeoutSeconds) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " timed out");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + ": "
                    + new String(out, StandardCharsets.UTF_8));
        }
    }

    int port() {
        return port;
    }

    /** A new, empty database; returns its JDBC URL. */
    String newDatabase() {
        String name = "deltacat_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"));
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new AssertionError("cannot create PostgreSQL database " + name + ": " + e.getMessage(), e);
        }
        return url(name);
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    void stop() {
        try {
            pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                    "-w", "stop"), 60);
        } catch (Exception e) {
            System.err.println("stopping the test PostgreSQL failed: " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
