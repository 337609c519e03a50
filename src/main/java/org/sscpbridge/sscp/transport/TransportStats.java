package org.sscpbridge.sscp.transport;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A snapshot of an endpoint's counters since it opened, printable as is (sscp:status).
 *
 * <p>Every received datagram ends in exactly one of: delivered, consumed as an answer (a plain
 * Ack to a request in flight), malformed, dropped for a {@link DropReason}; so
 * {@code received == delivered + answersConsumed + malformed + droppedTotal()} once the receive
 * thread is idle, unless {@code internalErrors} (a bug) is non-zero. {@code sent} counts every
 * datagram handed to the socket: first sends, retransmissions, replies, re-sent answers, Errors.
 * Counters are read one by one, so a snapshot taken under traffic may be off by in-flight work.
 *
 * <p>Thread-safety: immutable.
 */
public record TransportStats(
        long received,
        long delivered,
        long answersConsumed,
        long malformed,
        Map<DropReason, Long> dropped,
        long sent,
        long retransmitted,
        long givenUp,
        long errorsSent,
        long sendFailures,
        long receiveFailures,
        long handlerFailures,
        long internalErrors) {

    public TransportStats {
        EnumMap<DropReason, Long> all = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            all.put(reason, dropped.getOrDefault(reason, 0L));
        }
        dropped = Collections.unmodifiableMap(all);
    }

    public long dropped(DropReason reason) {
        return dropped.get(reason);
    }

    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Datagrams whose fate is counted; equals {@link #received()} when the counters add up. */
    public long accountedFor() {
        return delivered + answersConsumed + malformed + droppedTotal();
    }

    @Override
    public String toString() {
        String drops = dropped.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .map(e -> e.getKey().label() + " " + e.getValue())
                .collect(Collectors.joining(", ", " (", ")"));
        return "received " + received
                + ": delivered " + delivered
                + ", answers consumed " + answersConsumed
                + ", malformed " + malformed
                + ", dropped " + droppedTotal() + (droppedTotal() > 0 ? drops : "")
                + "; sent " + sent
                + ": retransmitted " + retransmitted
                + ", errors " + errorsSent
                + "; given up " + givenUp
                + "; failures: send " + sendFailures
                + ", receive " + receiveFailures
                + ", handler " + handlerFailures
                + ", internal " + internalErrors;
    }
}
