package org.sscpbridge.metrics;

import java.util.List;

/** {@code org.sscpbridge:type=Bridge}: is the bridge on, where, and what is wrong. */
public interface BridgeMXBean {
    boolean isEnabled();

    String getSscpEndpoint();

    String getSipEndpoint();

    String getRegistrar();

    /** Why the last enable failed; empty when it did not. */
    String getLastError();

    /** Why the last configuration was refused; empty once a good one arrived. */
    String getRefusedConfiguration();

    /** Problems in words; empty when nothing is known to be wrong. */
    List<String> getHealth();

    /** Timers queued on the bridge's scheduler now (a gauge: retransmissions, refreshes, retries, keepalive watches). */
    int getPendingTimers();

    /** No problem, no enable error, and enabled. */
    boolean isHealthy();
}
