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

    /** CPU nanoseconds process {@code pid} has used so far. */
    public static long cpuNanos(long pid) throws IOException {
        return cpuNanos(Files.readString(Path.of("/proc/" + pid + "/stat")));
    }
}
