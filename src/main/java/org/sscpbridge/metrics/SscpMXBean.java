package org.sscpbridge.metrics;

import java.util.Map;

/**
 * {@code org.sscpbridge:type=Sscp}: the SSCP transport's datagram counters, summed over every
 * socket the bridge opened (docs/PROTOCOL.md §7.7): {@code DatagramsIn = Delivered +
 * AnswersConsumed + Malformed + Dropped}.
 */
public interface SscpMXBean {
    long getDatagramsIn();

    long getDatagramsOut();

    long getDelivered();

    long getAnswersConsumed();

    long getMalformed();

    long getDropped();

    /** By reason: too-large, rate-limited, duplicate-answered, duplicate-unanswered, stale-answer. */
    Map<String, Long> getDroppedByReason();

    long getDroppedTooLarge();

    long getDroppedRateLimited();

    long getRetransmitted();

    long getGivenUp();

    long getErrorsSent();

    long getSendFailures();

    long getReceiveFailures();

    long getHandlerFailures();

    long getInternalErrors();
}
