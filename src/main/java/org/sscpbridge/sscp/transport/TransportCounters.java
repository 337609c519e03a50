package org.sscpbridge.sscp.transport;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live counters of one endpoint; see {@link TransportStats} for what each one means.
 *
 * <p>Thread-safety: thread-safe (atomic counters).
 */
final class TransportCounters {
    final AtomicLong received = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong answersConsumed = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong retransmitted = new AtomicLong();
    final AtomicLong givenUp = new AtomicLong();
    final AtomicLong errorsSent = new AtomicLong();
    final AtomicLong sendFailures = new AtomicLong();
    final AtomicLong receiveFailures = new AtomicLong();
    final AtomicLong handlerFailures = new AtomicLong();
    final AtomicLong internalErrors = new AtomicLong();
    private final Map<DropReason, AtomicLong> dropped = new EnumMap<>(DropReason.class);

    TransportCounters() {
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, new AtomicLong());
        }
    }

    void dropped(DropReason reason) {
        dropped.get(reason).incrementAndGet();
    }

    TransportStats snapshot() {
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        dropped.forEach((reason, count) -> drops.put(reason, count.get()));
        return new TransportStats(
                received.get(),
                delivered.get(),
                answersConsumed.get(),
                malformed.get(),
                drops,
                sent.get(),
                retransmitted.get(),
                givenUp.get(),
                errorsSent.get(),
                sendFailures.get(),
                receiveFailures.get(),
                handlerFailures.get(),
                internalErrors.get());
    }
}
