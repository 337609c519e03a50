package org.sscpbridge.metrics;

import java.util.List;

/**
 * What the MBeans read: the bridge's live numbers. Implementations answer without blocking on the
 * bridge's life-cycle lock (a JMX client must not wait for an enable or a disable).
 */
public interface MetricsSource {

    boolean enabled();

    String sscpEndpoint();

    String sipEndpoint();

    String registrar();

    /** Why the last enable failed (a taken port, an unavailable store); null when it did not. */
    String lastError();

    /** Why the last configuration was refused; null once a good one arrived. */
    String refusedConfiguration();

    /** What is wrong, in words (see {@link Health}); empty when nothing is known to be. */
    List<String> problems();

    SscpTotals sscp();

    SipCounters sip();

    PhoneTotals phones();

    /** Live SIP transactions and queued timers now. */
    LiveCounts live();
}
