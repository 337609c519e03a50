package org.sscpbridge.sscp.transport;

import java.time.Instant;

/**
 * One token bucket per key (a source address, an IP), at most {@code maxKeys} of them. A bucket
 * untouched for as long as it takes to refill is forgotten: a fresh one would decide the same.
 * When more keys than {@code maxKeys} are active, the least recently used bucket is forgotten
 * early; that key then starts again with a full burst, which is the price of bounded memory.
 *
 * Also used by the SIP side's per-source admission ({@code sip.SipAdmission}).
 *
 * <p>Thread-safety: not thread-safe; the owner holds a lock.
 */
public final class KeyedRateLimiter<K> {
    private final RateLimit limit;
    private final ExpiringLruMap<K, TokenBucket> buckets;

    public KeyedRateLimiter(RateLimit limit, int maxKeys) {
        this.limit = limit;
        this.buckets = new ExpiringLruMap<>(maxKeys, limit.refillTime());
    }

    /** Takes a token from {@code key}'s bucket if it has one. */
    public boolean tryAcquire(K key, Instant now) {
        if (limit.isUnlimited()) {
            return true;
        }
        return buckets.getOrCreate(key, now, () -> new TokenBucket(limit, now)).tryTake(now);
    }

    public int trackedKeys() {
        return buckets.size();
    }
}
