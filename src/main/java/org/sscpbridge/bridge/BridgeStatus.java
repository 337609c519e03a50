package org.sscpbridge.bridge;

/**
 * A snapshot of the bridge for the console: prints as a short block an operator reads at a glance.
 *
 * @param lastError why the last enable or configuration failed; null when it did not
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
        String lastError) {

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append("SSCP bridge: ").append(enabled ? "enabled" : "disabled").append('\n');
        b.append("  SSCP      udp ").append(sscpEndpoint).append('\n');
        b.append("  SIP       udp ").append(sipEndpoint).append('\n');
        b.append("  registrar ").append(registrar).append('\n');
        b.append("  phones ").append(phones)
                .append(", lines registered ").append(linesRegistered)
                .append(", calls ").append(calls);
        if (sscpCounters != null && !sscpCounters.isEmpty()) {
            b.append('\n').append("  datagrams ").append(sscpCounters);
        }
        if (lastError != null) {
            b.append('\n').append("  last error: ").append(lastError);
        }
        return b.toString();
    }
}
