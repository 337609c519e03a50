package org.sscpbridge.sscp.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * Admission of inbound datagrams, before any decoding: one bucket per source address (IP:port) so
 * one flooding address cannot starve the others, and a wider one per IP so that a flood spread
 * over many ports of one host is held too (phones behind one NAT share that IP bucket).
 *
 * <p>Thread-safety: thread-safe.
 */
final class SourceRateLimiter {
    private final KeyedRateLimiter<InetSocketAddress> perSource;
    private final KeyedRateLimiter<InetAddress> perIp;

    SourceRateLimiter(RateLimit perSourceLimit, RateLimit perIpLimit, int maxSources) {
        this.perSource = new KeyedRateLimiter<>(perSourceLimit, maxSources);
        this.perIp = new KeyedRateLimiter<>(perIpLimit, maxSources);
    }

    synchronized boolean tryAcquire(InetSocketAddress source, Instant now) {
        // The address first: an address over its own limit must not also drain the bucket that
        // its IP shares with its neighbours.
        return perSource.tryAcquire(source, now) && perIp.tryAcquire(source.getAddress(), now);
    }
}
