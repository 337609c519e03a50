package org.sscpbridge.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of another process from Linux's {@code /proc/PID/stat}: utime + stime (fields 14 and
 * 15, in clock ticks). The command name (field 2) is in parentheses and may hold spaces or
 * parentheses itself, so the fields are counted from the last ')'.
 */
public final class ProcStat {
    /** USER_HZ: Linux reports these fields in 1/100 s on every architecture it runs this harness on. */
    static final long TICKS_PER_SECOND = 100;

    private ProcStat() {
    }

    /** CPU nanoseconds (user + system) in one {@code /proc/PID/stat} line. */
    static long cpuNanos(String statLine) {
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + statLine);
        }
        // After ") ": field 3 (state) is index 0, so utime (14) is index 11 and stime (15) index 12.
        String[] f = statLine.substring(close + 2).trim().split("\\s+");
        if (f.length < 13) {
            throw new IllegalArgumentException("too few fields in /proc/PID/stat: " + statLine);
        }
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /**
     * CPU nanoseconds per thread group of process {@code pid} (from {@code /proc/PID/task/TID/stat}; threads
     * named alike, e.g. "C2 CompilerThre" or "GC Thread#0", "GC Thread#1", are summed: digits are dropped).
     * Threads that already ended are not counted.
     */
    public static java.util.Map<String, Long> cpuNanosByThread(long pid) throws IOException {
        java.util.Map<String, Long> groups = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String line = Files.readString(task.resolve("stat"));
                    String name = line.substring(line.indexOf('(') + 1, line.lastIndexOf(')')).replaceAll("[0-9]+", "N");
                    groups.merge(name, cpuNanos(line), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we read
                }
            }
        }
        return groups;
    }

    /** CPU nanoseconds process {@code pid} has used so far. */
    public static long cpuNanos(long pid) throws IOException {
        return cpuNanos(Files.readString(Path.of("/proc/" + pid + "/stat")));
    }
}
