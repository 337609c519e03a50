package org.sscpbridge.tools.loadcalls;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** p50 / p99 / max of a set of intervals in microseconds (nearest-rank percentiles). */
record LatencyStats(String name, int count, long p50, long p99, long max) {
    static LatencyStats of(String name, List<Long> micros) {
        long[] v = micros.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(v);
        if (v.length == 0) {
            return new LatencyStats(name, 0, -1, -1, -1);
        }
        return new LatencyStats(name, v.length, rank(v, 0.50), rank(v, 0.99), v[v.length - 1]);
    }

    private static long rank(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static String ms(long micros) {
        return micros < 0 ? "-" : String.format(Locale.ROOT, "%.2f", micros / 1000.0);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%-44s n=%5d  p50 %7s ms  p99 %7s ms  max %7s ms", name, count, ms(p50),
                ms(p99), ms(max));
    }
}
