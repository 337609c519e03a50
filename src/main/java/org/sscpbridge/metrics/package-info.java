/**
 * The bridge's numbers and health: thread-safe counters ({@link org.sscpbridge.metrics.SipCounters}),
 * totals read from the SSCP transport and the phones, the health sentences of {@code sscp:status}
 * ({@link org.sscpbridge.metrics.Health}), and the MBeans of domain {@code org.sscpbridge}
 * ({@link org.sscpbridge.metrics.MetricsMBeans}). Plain Java and JMX; knows neither SSCP nor SIP
 * types, so every package may count into it.
 */
package org.sscpbridge.metrics;
