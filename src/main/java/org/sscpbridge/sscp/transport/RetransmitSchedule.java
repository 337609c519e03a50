package org.sscpbridge.sscp.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When a request that wants an answer is sent again (SPEC §3, SIP's T1 / T2 / Timer B): first
 * after {@code firstInterval}, each wait then doubling up to {@code maxInterval}; no send at or
 * after {@code giveUpAfter} (counted from the first send), which is when the sender gives up.
 * {@link #SPEC} gives sends at 0, 0.5, 1.5, 3.5, 7.5, 11.5, ... 31.5 s and gives up at 32 s.
 *
 * <p>Thread-safety: immutable.
 */
public record RetransmitSchedule(Duration firstInterval, Duration maxInterval, Duration giveUpAfter) {
    public static final RetransmitSchedule SPEC =
            new RetransmitSchedule(Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(32));

    public RetransmitSchedule {
        if (firstInterval.isZero() || firstInterval.isNegative()) {
            throw new IllegalArgumentException("first interval must be positive: " + firstInterval);
        }
        if (maxInterval.compareTo(firstInterval) < 0) {
            throw new IllegalArgumentException("max interval below first interval: " + maxInterval);
        }
        if (giveUpAfter.isZero() || giveUpAfter.isNegative()) {
            throw new IllegalArgumentException("give-up time must be positive: " + giveUpAfter);
        }
    }

    /** The wait after one of {@code interval}. */
    public Duration intervalAfter(Duration interval) {
        Duration doubled = interval.multipliedBy(2);
        return doubled.compareTo(maxInterval) > 0 ? maxInterval : doubled;
    }

    /** Every send's time since the first send, the first send (zero) included. */
    public List<Duration> sendTimes() {
        List<Duration> times = new ArrayList<>();
        Duration at = Duration.ZERO;
        Duration interval = firstInterval;
        while (at.compareTo(giveUpAfter) < 0) {
            times.add(at);
            at = at.plus(interval);
            interval = intervalAfter(interval);
        }
        return times;
    }
}
