package org.sscpbridge.tools.load;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * One measured round of one side (bridged or bare): the wave, what Kamailio's location table
 * said when every 200 OK had arrived and right after the side removed its bindings, and where the
 * wave's CPU went ({@link CpuSplit} milliseconds by group; empty when not measured).
 */
record RoundOutcome(String side, WaveResult wave, int contactsWhenDone, int contactsAfterTeardown, Duration teardown,
        String sscpCounters, Map<String, Double> cpu) {

    RoundOutcome(String side, WaveResult wave, int contactsWhenDone, int contactsAfterTeardown, Duration teardown,
            String sscpCounters) {
        this(side, wave, contactsWhenDone, contactsAfterTeardown, teardown, sscpCounters, Map.of());
    }

    /** CPU milliseconds of {@code group} per 1 000 completed registrations (NaN when not measured). */
    double cpuPerThousand(String group) {
        Double ms = cpu.get(group);
        return ms == null || wave.completed() == 0 ? Double.NaN : ms * 1000 / wave.completed();
    }

    String describe() {
        return String.format(Locale.ROOT, "%-7s %s | Kamailio contacts: %d when done, %d after teardown (%.2f s)",
                side, wave.describe(), contactsWhenDone, contactsAfterTeardown, teardown.toMillis() / 1e3)
                + (sscpCounters.isEmpty() ? "" : (side.equals("bridged") ? "\n          SSCP datagrams " : "\n          ") + sscpCounters)
                + (cpu.isEmpty() ? "" : "\n          CPU ms per 1000 registrations: " + CpuSplit.GROUPS.stream()
                        .map(g -> String.format(Locale.ROOT, "%s %.0f", g, cpuPerThousand(g)))
                        .collect(java.util.stream.Collectors.joining(", ")));
    }
}
