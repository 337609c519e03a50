package org.sscpbridge.tools.bench;

import java.util.Locale;

/**
 * CPU used over a wall-clock window: {@code cpu} nanoseconds of CPU time (all threads of the
 * process together) over {@code wall} nanoseconds, as a share of one core (1.0 = one core busy).
 */
public record CpuWindow(long cpuNanos, long wallNanos) {
    public CpuWindow {
        if (wallNanos <= 0 || cpuNanos < 0) {
            throw new IllegalArgumentException("need wall > 0 and cpu >= 0: " + cpuNanos + ", " + wallNanos);
        }
    }

    /** The window between two readings of (cpu, wall clock) nanoseconds. */
    public static CpuWindow between(long cpuStart, long wallStart, long cpuEnd, long wallEnd) {
        return new CpuWindow(cpuEnd - cpuStart, wallEnd - wallStart);
    }

    /** Share of one core, 0..cores. */
    public double ofOneCore() {
        return (double) cpuNanos / wallNanos;
    }

    /** CPU microseconds per event, {@code events} in the window. */
    public double microsPer(long events) {
        return events <= 0 ? Double.NaN : cpuNanos / 1000.0 / events;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.2f %% of one core (%.3f s CPU in %.1f s)", 100 * ofOneCore(),
                cpuNanos / 1e9, wallNanos / 1e9);
    }
}
