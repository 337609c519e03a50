package org.sscpbridge.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SSCP transport's counters summed over every socket the bridge opened (an SSCP socket is
 * reopened on enable and when its address changes; the totals keep growing). The transport's own
 * snapshot is converted by the bridge: this package knows no SSCP types.
 *
 * @param dropped by the transport's drop reason label (too-large, rate-limited, ...)
 */
public record SscpTotals(long received, long delivered, long answersConsumed, long malformed,
        Map<String, Long> dropped, long sent, long retransmitted, long givenUp, long errorsSent,
        long sendFailures, long receiveFailures, long handlerFailures, long internalErrors) {

    public static final SscpTotals ZERO = new SscpTotals(0, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0, 0);

    public SscpTotals {
        dropped = Collections.unmodifiableMap(new LinkedHashMap<>(dropped));
    }

    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    public long dropped(String reason) {
        return dropped.getOrDefault(reason, 0L);
    }

    public SscpTotals plus(SscpTotals o) {
        Map<String, Long> drops = new LinkedHashMap<>(dropped);
        o.dropped.forEach((k, v) -> drops.merge(k, v, Long::sum));
        return new SscpTotals(received + o.received, delivered + o.delivered, answersConsumed + o.answersConsumed,
                malformed + o.malformed, drops, sent + o.sent, retransmitted + o.retransmitted, givenUp + o.givenUp,
                errorsSent + o.errorsSent, sendFailures + o.sendFailures, receiveFailures + o.receiveFailures,
                handlerFailures + o.handlerFailures, internalErrors + o.internalErrors);
    }
}
