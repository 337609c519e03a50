package org.sscpbridge.sscp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SourceRateLimiterTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final InetSocketAddress FLOODER = new InetSocketAddress("192.0.2.1", 5000);
    private static final InetSocketAddress NEIGHBOUR = new InetSocketAddress("192.0.2.1", 5001);
    private static final InetSocketAddress OTHER = new InetSocketAddress("198.51.100.7", 2000);

    private static int admitted(SourceRateLimiter limiter, InetSocketAddress source, int tries, Instant now) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            if (limiter.tryAcquire(source, now)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aFloodingSourceIsHeldWhileAnotherStillGetsThrough() {
        SourceRateLimiter limiter = new SourceRateLimiter(new RateLimit(50, 100), new RateLimit(200, 400), 100);
        assertEquals(100, admitted(limiter, FLOODER, 10_000, T0));
        assertTrue(limiter.tryAcquire(OTHER, T0));
        assertTrue(limiter.tryAcquire(NEIGHBOUR, T0), "the flooder's excess must not drain its IP's bucket");
        assertEquals(50, admitted(limiter, FLOODER, 10_000, T0.plusSeconds(1)));
    }

    @Test
    void manyPortsOfOneIpAreHeldByThePerIpLimit() {
        SourceRateLimiter limiter = new SourceRateLimiter(new RateLimit(50, 100), new RateLimit(10, 20), 1000);
        int admitted = 0;
        for (int port = 1; port <= 100; port++) {
            admitted += admitted(limiter, new InetSocketAddress("192.0.2.1", port), 5, T0);
        }
        assertEquals(20, admitted);
        assertTrue(limiter.tryAcquire(OTHER, T0));
    }

    @Test
    void forgottenBucketsStartFullAgainSoForgettingChangesNothing() {
        SourceRateLimiter limiter = new SourceRateLimiter(new RateLimit(10, 10), RateLimit.UNLIMITED, 1);
        assertEquals(10, admitted(limiter, FLOODER, 20, T0));
        assertFalse(limiter.tryAcquire(FLOODER, T0));
        assertEquals(10, admitted(limiter, FLOODER, 20, T0.plusSeconds(1)));
    }

    @Test
    void rejectThrottleAllowsOnePerSourcePerIntervalAndCapsTheTotal() {
        RejectThrottle throttle = new RejectThrottle(Duration.ofSeconds(5), new RateLimit(2, 2), 100, T0);
        assertTrue(throttle.tryAcquire(FLOODER, T0));
        assertFalse(throttle.tryAcquire(FLOODER, T0.plusSeconds(4)));
        assertTrue(throttle.tryAcquire(FLOODER, T0.plusSeconds(5)));

        Instant t = T0.plusSeconds(60);
        assertTrue(throttle.tryAcquire(FLOODER, t));
        assertTrue(throttle.tryAcquire(NEIGHBOUR, t));
        assertFalse(throttle.tryAcquire(OTHER, t), "global cap: 2 per second, burst 2");
        // Its own slot was spent on the refused attempt: per-source is checked first so that a
        // source refused by its own limit never drains the global cap.
        assertFalse(throttle.tryAcquire(OTHER, t.plusSeconds(1)));
        assertTrue(throttle.tryAcquire(OTHER, t.plusSeconds(5)));
    }
}
