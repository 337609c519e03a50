package org.sscpbridge.sscp.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of an {@link SscpEndpoint}; {@link #defaults()} documents the chosen values (see also
 * docs/PROTOCOL-transport.md).
 *
 * <p>Thread-safety: immutable.
 *
 * @param perSourceLimit inbound datagrams admitted per source address (IP:port)
 * @param perIpLimit inbound datagrams admitted per source IP, all ports together
 * @param retransmit when reliable sends are repeated and given up
 * @param peerIdleTimeout per-peer state (seq numbering, answer memory) untouched this long is
 *     forgotten; keep it above the give-up time so a retransmission still meets its memory
 * @param maxPeers most peers tracked per kind of state (answer memories, outbound numbering,
 *     rate-limit buckets); the least recently used is forgotten first
 * @param rejectInterval an unregistered source gets at most one Error 401 per interval
 * @param rejectGlobalLimit all Error 401s to unregistered sources together
 * @param logInterval at most one log line per kind of drop / failure per interval
 */
public record EndpointConfig(
        RateLimit perSourceLimit,
        RateLimit perIpLimit,
        RetransmitSchedule retransmit,
        Duration peerIdleTimeout,
        int maxPeers,
        Duration rejectInterval,
        RateLimit rejectGlobalLimit,
        Duration logInterval) {

    public EndpointConfig {
        Objects.requireNonNull(perSourceLimit, "perSourceLimit");
        Objects.requireNonNull(perIpLimit, "perIpLimit");
        Objects.requireNonNull(retransmit, "retransmit");
        Objects.requireNonNull(rejectGlobalLimit, "rejectGlobalLimit");
        requirePositive(peerIdleTimeout, "peerIdleTimeout");
        requirePositive(rejectInterval, "rejectInterval");
        requirePositive(logInterval, "logInterval");
        if (maxPeers < 1) {
            throw new IllegalArgumentException("maxPeers must be at least 1: " + maxPeers);
        }
    }

    /**
     * 50 datagrams/s burst 100 per source address; 200/s burst 400 per IP; SPEC retransmit
     * schedule; peer state forgotten after 180 s idle (above three 30 s keepalives and the 32 s
     * give-up); 4096 peers; one 401 per source per 5 s, 20/s burst 20 in all; logs per 10 s.
     */
    public static EndpointConfig defaults() {
        return new EndpointConfig(
                new RateLimit(50, 100),
                new RateLimit(200, 400),
                RetransmitSchedule.SPEC,
                Duration.ofSeconds(180),
                4096,
                Duration.ofSeconds(5),
                new RateLimit(20, 20),
                Duration.ofSeconds(10));
    }

    public EndpointConfig withPerSourceLimit(RateLimit limit) {
        return new EndpointConfig(limit, perIpLimit, retransmit, peerIdleTimeout, maxPeers, rejectInterval, rejectGlobalLimit, logInterval);
    }

    public EndpointConfig withPerIpLimit(RateLimit limit) {
        return new EndpointConfig(perSourceLimit, limit, retransmit, peerIdleTimeout, maxPeers, rejectInterval, rejectGlobalLimit, logInterval);
    }

    public EndpointConfig withRetransmit(RetransmitSchedule schedule) {
        return new EndpointConfig(perSourceLimit, perIpLimit, schedule, peerIdleTimeout, maxPeers, rejectInterval, rejectGlobalLimit, logInterval);
    }

    public EndpointConfig withPeerIdleTimeout(Duration timeout) {
        return new EndpointConfig(perSourceLimit, perIpLimit, retransmit, timeout, maxPeers, rejectInterval, rejectGlobalLimit, logInterval);
    }

    public EndpointConfig withMaxPeers(int max) {
        return new EndpointConfig(perSourceLimit, perIpLimit, retransmit, peerIdleTimeout, max, rejectInterval, rejectGlobalLimit, logInterval);
    }

    public EndpointConfig withRejectInterval(Duration interval) {
        return new EndpointConfig(perSourceLimit, perIpLimit, retransmit, peerIdleTimeout, maxPeers, interval, rejectGlobalLimit, logInterval);
    }

    public EndpointConfig withRejectGlobalLimit(RateLimit limit) {
        return new EndpointConfig(perSourceLimit, perIpLimit, retransmit, peerIdleTimeout, maxPeers, rejectInterval, limit, logInterval);
    }

    public EndpointConfig withLogInterval(Duration interval) {
        return new EndpointConfig(perSourceLimit, perIpLimit, retransmit, peerIdleTimeout, maxPeers, rejectInterval, rejectGlobalLimit, interval);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
