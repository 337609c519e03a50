package org.sscpbridge.sip;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.sscpbridge.config.Cidr;
import org.sscpbridge.config.Defaults;
import org.sscpbridge.sscp.transport.RateLimit;

/**
 * Protective limits of the SIP side (keys {@code sip.rate.*}, {@code sip.calls.max}): how many
 * requests and responses one source address (IP:port) may send, how many sources are tracked,
 * how many datagrams may wait for the stack's threads, and how many calls may be alive at once.
 *
 * @param requestsPerSource requests of one source (ACK, CANCEL and BYE apart: they finish what
 *                          was already admitted); beyond it: 503 with Retry-After
 * @param responsesPerSource responses of one source; beyond it: dropped
 * @param maxSources       sources whose buckets are remembered (least recently used forgotten)
 * @param queueMax         received datagrams waiting for the stack's threads; beyond it: dropped
 * @param maxCalls         live calls (both directions); beyond it: INVITE 503, a phone's call fails 503
 * @param logInterval      at most one log line per kind of refusal per interval
 * @param trustedPeers     SIP URIs of servers whose host:port no per-source rate holds, besides the
 *                         user agent's own registrar and proxy (which always are): the trunks
 * @param trustedNetworks  networks ({@code sip.trusted.sources}) held by no per-source rate, any port
 */
public record SipLimits(RateLimit requestsPerSource, RateLimit responsesPerSource, int maxSources, int queueMax,
        int maxCalls, Duration logInterval, List<String> trustedPeers, List<Cidr> trustedNetworks) {
    /** What the bridge uses unless configured: the keys' defaults, kept in config/Defaults only. */
    public static final SipLimits DEFAULTS = new SipLimits(
            new RateLimit(byDefault("sip.rate.per.source"), byDefault("sip.rate.per.source.burst")),
            new RateLimit(byDefault("sip.rate.responses.per.source"), byDefault("sip.rate.responses.per.source.burst")),
            byDefault("sip.max.sources"), byDefault("sip.queue.max"), byDefault("sip.calls.max"), Duration.ofSeconds(60));

    /** Limits that trust no source. */
    public SipLimits(RateLimit requestsPerSource, RateLimit responsesPerSource, int maxSources, int queueMax,
            int maxCalls, Duration logInterval) {
        this(requestsPerSource, responsesPerSource, maxSources, queueMax, maxCalls, logInterval, List.of(), List.of());
    }

    public SipLimits {
        Objects.requireNonNull(requestsPerSource, "requestsPerSource");
        Objects.requireNonNull(responsesPerSource, "responsesPerSource");
        Objects.requireNonNull(logInterval, "logInterval");
        trustedPeers = List.copyOf(trustedPeers);
        trustedNetworks = List.copyOf(trustedNetworks);
        if (maxSources < 1 || queueMax < 1 || maxCalls < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    private static int byDefault(String key) {
        return Integer.parseInt(Defaults.bridge(key));
    }
}
