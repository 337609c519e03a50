package org.sscpbridge.metrics;

/**
 * What is alive in the bridge right now (gauges, not counters): SIP client and server transactions
 * in the JAIN-SIP stack, and timers queued on the bridge's scheduler (SSCP retransmissions,
 * keepalive watches, registration refreshes and retries, call timers). All 0 while disabled. A
 * number that only grows under a steady load is a leak (docs/RELIABILITY.md, PBX faults).
 */
public record LiveCounts(int sipClientTransactions, int sipServerTransactions, int timers) {
    public static final LiveCounts NONE = new LiveCounts(0, 0, 0);
}
