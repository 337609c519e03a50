package org.sscpbridge.sscp.transport;

import java.time.Duration;
import java.time.Instant;

/**
 * One token bucket: starts full, refills continuously at the limit's rate, never holds more than
 * the burst. Time is passed in, so tests decide what "now" is.
 *
 * <p>Thread-safety: not thread-safe; the owner holds a lock.
 */
final class TokenBucket {
    private final RateLimit limit;
    private double tokens;
    private Instant refilledAt;

    TokenBucket(RateLimit limit, Instant now) {
        this.limit = limit;
        this.tokens = limit.burst();
        this.refilledAt = now;
    }

    /** Takes one token if there is one. */
    boolean tryTake(Instant now) {
        if (limit.isUnlimited()) {
            return true;
        }
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    private void refill(Instant now) {
        // A clock that steps back must not drain or freeze the bucket: only forward time counts.
        if (now.isAfter(refilledAt)) {
            Duration elapsed = Duration.between(refilledAt, now);
            double seconds = elapsed.getSeconds() + elapsed.getNano() / 1e9;
            tokens = Math.min(limit.burst(), tokens + seconds * limit.perSecond());
            refilledAt = now;
        }
    }
}
