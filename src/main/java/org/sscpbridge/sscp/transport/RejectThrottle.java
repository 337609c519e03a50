package org.sscpbridge.sscp.transport;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * How often an unregistered sender may be told Error 401 (SPEC §4 "rate-limited"): at most once
 * per source per interval, and no more than a global rate in all, so that spoofed sources cannot
 * turn the bridge into a reflector.
 *
 * <p>Thread-safety: thread-safe.
 */
final class RejectThrottle {
    private final KeyedRateLimiter<InetSocketAddress> perSource;
    private final TokenBucket global;

    RejectThrottle(Duration perSourceInterval, RateLimit globalLimit, int maxSources, Instant now) {
        this.perSource = new KeyedRateLimiter<>(RateLimit.oneEvery(perSourceInterval), maxSources);
        this.global = new TokenBucket(globalLimit, now);
    }

    /**
     * Whether a 401 may go to {@code source} now. The source's own slot is checked first, so a
     * source over its own limit never drains the global cap; a source refused by the global cap
     * has used its slot for this interval all the same.
     */
    synchronized boolean tryAcquire(InetSocketAddress source, Instant now) {
        return perSource.tryAcquire(source, now) && global.tryTake(now);
    }
}
