package org.sscpbridge.tools.load;

import java.util.Arrays;
import java.util.Locale;

/**
 * How one wave of registrations went: how many completed, the time from the first request sent
 * to the last completion, and each completed registration's own latency.
 *
 * @param elapsedNanos first request sent → last completion (0 when none completed)
 * @param latenciesNanos sorted, one per completed registration: its first send → its completion
 * @param rejected SSCP RegisterRejects (bridge only)
 * @param lineFailures lines the bridge showed as "registration failed" (bridge only)
 * @param retransmissions SSCP Registers sent again because no answer came in time (bridge only)
 */
record WaveResult(int count, int completed, long elapsedNanos, long[] latenciesNanos, int rejected,
        int lineFailures, int retransmissions) {

    /**
     * @param sent when each registration was first sent (System.nanoTime)
     * @param completed when each completed; 0 or negative when it did not
     */
    static WaveResult of(long[] sent, long[] completed, int rejected, int lineFailures, int retransmissions) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long[] latencies = new long[completed.length];
        int n = 0;
        for (int i = 0; i < completed.length; i++) {
            if (sent[i] > 0) {
                first = Math.min(first, sent[i]);
            }
            if (completed[i] > 0) {
                last = Math.max(last, completed[i]);
                latencies[n++] = completed[i] - sent[i];
            }
        }
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return new WaveResult(completed.length, n, n == 0 ? 0 : last - first, sorted, rejected, lineFailures,
                retransmissions);
    }

    boolean allCompleted() {
        return completed == count;
    }

    /** Completed registrations per second over the whole wave. */
    double perSecond() {
        return elapsedNanos == 0 ? 0 : completed / (elapsedNanos / 1e9);
    }

    /** The latency below which {@code fraction} of the completed registrations finished, in ms. */
    double latencyMillis(double fraction) {
        if (latenciesNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(fraction * latenciesNanos.length) - 1;
        return latenciesNanos[Math.max(0, Math.min(index, latenciesNanos.length - 1))] / 1e6;
    }

    String describe() {
        return String.format(Locale.ROOT, "%d/%d in %.3f s = %.0f reg/s; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%s",
                completed, count, elapsedNanos / 1e9, perSecond(), latencyMillis(0.5), latencyMillis(0.99),
                latencyMillis(1.0), extras());
    }

    private String extras() {
        StringBuilder b = new StringBuilder();
        if (retransmissions > 0) {
            b.append("; ").append(retransmissions).append(" SSCP Register retransmissions");
        }
        if (rejected > 0) {
            b.append("; ").append(rejected).append(" rejected");
        }
        if (lineFailures > 0) {
            b.append("; ").append(lineFailures).append(" line failures shown");
        }
        return b.toString();
    }
}
