package io.deltacat.benchmarks.jobs;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time spent by this JVM (server, clients and, for the peer, db-scheduler) and by the benchmark's
 * PostgreSQL cluster (its postmaster, live backends, and backends that exited, which the postmaster's
 * children times count), so that a run on a shared machine reports what the work cost, not only how
 * long it waited for a core. Linux only ({@code /proc}); PostgreSQL figures need the cluster's data
 * directory ({@code -Dbench.pgdata}), else they are 0.
 */
final class CpuMeter {
    private static final long TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux
    private final Path pgData;

    CpuMeter(String pgData) {
        this.pgData = pgData == null ? null : Path.of(pgData);
    }

    /** CPU nanoseconds of this JVM so far. */
    static long jvmNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU nanoseconds of the PostgreSQL cluster so far (0 when unknown). */
    long pgNanos() {
        if (pgData == null) {
            return 0;
        }
        try {
            long postmaster = Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).strip());
            long ticks = 0;
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) procs::iterator) {
                    String name = p.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    String[] f = stat(p);
                    if (f == null) {
                        continue;
                    }
                    long pid = Long.parseLong(name);
                    long ppid = Long.parseLong(f[1]);
                    if (pid == postmaster) {
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                    } else if (ppid == postmaster) {
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                }
            }
            return ticks * TICK_NANOS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The fields of /proc/PID/stat after the command name: [0] state, [1] ppid, ... [11] utime ... */
    private static String[] stat(Path proc) {
        try {
            String s = Files.readString(proc.resolve("stat"));
            return s.substring(s.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
