package org.sscpbridge.tools.load;

import java.time.Duration;
import java.util.Locale;

/**
 * One measured round of one side (bridged or bare): the wave, and what Kamailio's location table
 * said when every 200 OK had arrived and right after the side removed its bindings.
 */
record RoundOutcome(String side, WaveResult wave, int contactsWhenDone, int contactsAfterTeardown, Duration teardown,
        String sscpCounters) {

    String describe() {
        return String.format(Locale.ROOT, "%-7s %s | Kamailio contacts: %d when done, %d after teardown (%.2f s)",
                side, wave.describe(), contactsWhenDone, contactsAfterTeardown, teardown.toMillis() / 1e3)
                + (sscpCounters.isEmpty() ? "" : (side.equals("bridged") ? "\n          SSCP datagrams " : "\n          ") + sscpCounters);
    }
}
