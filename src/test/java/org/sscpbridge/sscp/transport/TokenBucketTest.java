package org.sscpbridge.sscp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static int drain(TokenBucket bucket, Instant now) {
        int taken = 0;
        while (bucket.tryTake(now)) {
            taken++;
        }
        return taken;
    }

    @Test
    void startsWithTheBurstThenRefillsAtTheRate() {
        TokenBucket bucket = new TokenBucket(new RateLimit(50, 100), T0);
        assertEquals(100, drain(bucket, T0));
        assertEquals(50, drain(bucket, T0.plusSeconds(1)));
        assertEquals(5, drain(bucket, T0.plusSeconds(1).plusMillis(100)));
    }

    @Test
    void neverHoldsMoreThanTheBurst() {
        TokenBucket bucket = new TokenBucket(new RateLimit(50, 100), T0);
        assertEquals(100, drain(bucket, T0.plus(Duration.ofDays(365))));
    }

    @Test
    void aClockSteppingBackNeitherRefillsNorBreaks() {
        TokenBucket bucket = new TokenBucket(new RateLimit(1, 1), T0);
        assertTrue(bucket.tryTake(T0));
        assertFalse(bucket.tryTake(T0.minusSeconds(10)));
        assertTrue(bucket.tryTake(T0.plusSeconds(1)));
    }

    @Test
    void unlimitedAlwaysAdmits() {
        TokenBucket bucket = new TokenBucket(RateLimit.UNLIMITED, T0);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(bucket.tryTake(T0));
        }
    }

    @Test
    void oneEveryIsOneTokenPerInterval() {
        TokenBucket bucket = new TokenBucket(RateLimit.oneEvery(Duration.ofSeconds(5)), T0);
        assertTrue(bucket.tryTake(T0));
        assertFalse(bucket.tryTake(T0.plusSeconds(4)));
        assertTrue(bucket.tryTake(T0.plusSeconds(5)));
        assertEquals(Duration.ofSeconds(5), RateLimit.oneEvery(Duration.ofSeconds(5)).refillTime());
    }

    @Test
    void nonsenseLimitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimit(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new RateLimit(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new RateLimit(1, 0));
        assertThrows(IllegalArgumentException.class, () -> RateLimit.oneEvery(Duration.ZERO));
    }
}
