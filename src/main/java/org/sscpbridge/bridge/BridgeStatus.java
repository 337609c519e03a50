package org.sscpbridge.bridge;

import java.util.List;

/**
 * A snapshot of the bridge for the console: prints as a short block an operator reads at a glance.
 *
 * @param lastError why the last enable or configuration failed; null when it did not
 * @param linesFailing lines whose last registration attempt failed
 * @param sipCounters SIP requests / responses / timeouts / registration failures, one line; empty if unknown
 * @param refusedConfiguration why the last configuration was refused (the previous one is kept);
 *     null once a good one arrived
 * @param problems what is wrong, in words (registrar unreachable since ..., lines failing
 *     authentication, refused configuration, store unavailable); empty when nothing is known to be
 */
public record BridgeStatus(
        boolean enabled,
        String sscpEndpoint,
        String sipEndpoint,
        String registrar,
        int phones,
        int linesRegistered,
        int calls,
        String sscpCounters,
        String lastError,
        int linesFailing,
        String sipCounters,
        String refusedConfiguration,
        List<String> problems) {

    public BridgeStatus {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    /** The status without metrics and health (as before they existed). */
    public BridgeStatus(boolean enabled, String sscpEndpoint, String sipEndpoint, String registrar, int phones,
            int linesRegistered, int calls, String sscpCounters, String lastError) {
        this(enabled, sscpEndpoint, sipEndpoint, registrar, phones, linesRegistered, calls, sscpCounters, lastError,
                0, "", null, List.of());
    }

    /** Nothing known to be wrong: no problem and no enable error. */
    public boolean healthy() {
        return lastError == null && problems.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append("SSCP bridge: ").append(enabled ? "enabled" : "disabled").append('\n');
        b.append("  SSCP      udp ").append(sscpEndpoint).append('\n');
        b.append("  SIP       udp ").append(sipEndpoint).append('\n');
        b.append("  registrar ").append(registrar).append('\n');
        b.append("  phones ").append(phones)
                .append(", lines registered ").append(linesRegistered)
                .append(", calls ").append(calls)
                .append(", lines failing ").append(linesFailing);
        if (sscpCounters != null && !sscpCounters.isEmpty()) {
            b.append('\n').append("  datagrams ").append(sscpCounters);
        }
        if (sipCounters != null && !sipCounters.isEmpty()) {
            b.append('\n').append("  SIP messages: ").append(sipCounters);
        }
        if (lastError != null) {
            b.append('\n').append("  last error: ").append(lastError);
        }
        if (healthy()) {
            b.append('\n').append("  health: ok");
        } else if (!problems.isEmpty()) {
            b.append('\n').append("  health: ").append(problems.size()).append(problems.size() == 1 ? " problem" : " problems");
            problems.forEach(p -> b.append('\n').append("    ").append(p));
        }
        return b.toString();
    }
}
