package org.sscpbridge.sscp.transport;

import java.time.Duration;
import java.util.Locale;

/**
 * A token-bucket rate: {@code perSecond} tokens flow in, at most {@code burst} are kept. One
 * event costs one token. {@link #UNLIMITED} switches a limit off.
 *
 * <p>Thread-safety: immutable.
 */
public record RateLimit(double perSecond, int burst) {
    public static final RateLimit UNLIMITED = new RateLimit(Double.POSITIVE_INFINITY, Integer.MAX_VALUE);

    public RateLimit {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1: " + burst);
        }
    }

    /** At most one event per {@code interval}, no burst. */
    public static RateLimit oneEvery(Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        return new RateLimit(1e9 / interval.toNanos(), 1);
    }

    public boolean isUnlimited() {
        return perSecond == Double.POSITIVE_INFINITY;
    }

    /**
     * How long an untouched bucket takes to fill up completely. After that it is as good as a
     * new one, so a keyed limiter may forget it without changing any decision.
     */
    Duration refillTime() {
        if (isUnlimited()) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil(burst / perSecond * 1e9));
    }

    @Override
    public String toString() {
        return isUnlimited() ? "unlimited" : String.format(Locale.ROOT, "%.4g/s burst %d", perSecond, burst);
    }
}
