package org.sscpbridge.sip;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.log.RateLimitedLog;
import org.sscpbridge.metrics.SipCounters;
import org.sscpbridge.metrics.SipCounters.Refusal;
import org.sscpbridge.sscp.transport.KeyedRateLimiter;

/**
 * Admission of received SIP datagrams, before the stack parses them or creates a transaction: the
 * cheapest place to refuse a flood or garbage. Each datagram is either admitted (handed to the
 * stack), dropped, or answered statelessly (400 for a malformed request that can be answered, 503
 * with Retry-After for a request over its source's rate). Every refusal is counted in
 * {@link SipCounters} and logged at most once per interval and kind.
 *
 * <p>Per source means per IP:port, as on the SSCP side: the PBX, a SIPp and a flooder on one host
 * are three sources. Requests ACK, CANCEL and BYE are never rate-limited: they complete or end
 * what was admitted before, and refusing them would leave calls hanging. The 503s to one source
 * are themselves held to that source's rate, so a spoofed flood cannot turn the bridge into a
 * reflector; the rest is dropped (and counted). {@link TrustedSources} (the PBX, and
 * {@code sip.trusted.sources}) are held by no per-source rate.
 *
 * <p>Thread-safety: thread-safe (one lock; the stack has one receiving thread per socket).
 */
public final class SipAdmission {
    private static final Logger LOG = LoggerFactory.getLogger(SipAdmission.class);

    /** What to do with a datagram. */
    public sealed interface Verdict {
        /** Hand it to the stack. */
        record Admit() implements Verdict {}

        /** Forget it (already counted and logged). */
        record Drop() implements Verdict {}

        /** Send {@code response} back to the source instead of handing the datagram on. */
        record Reply(byte[] response) implements Verdict {}
    }

    private static final Verdict ADMIT = new Verdict.Admit();
    private static final Verdict DROP = new Verdict.Drop();

    private final SipLimits limits;
    private final SipCounters counters;
    private final Supplier<Instant> clock;
    private final RateLimitedLog log;
    private final KeyedRateLimiter<InetSocketAddress> requests;
    private final KeyedRateLimiter<InetSocketAddress> refusals;
    private final KeyedRateLimiter<InetSocketAddress> responses;
    private final int retryAfterSeconds;
    private final TrustedSources trusted;

    public SipAdmission(SipLimits limits, SipCounters counters, Supplier<Instant> clock) {
        this(limits, counters, clock, TrustedSources.NONE);
    }

    SipAdmission(SipLimits limits, SipCounters counters, Supplier<Instant> clock, TrustedSources trusted) {
        this.trusted = trusted;
        this.limits = limits;
        this.counters = counters;
        this.clock = clock;
        this.log = new RateLimitedLog(LOG, limits.logInterval(), clock);
        this.requests = new KeyedRateLimiter<>(limits.requestsPerSource(), limits.maxSources());
        this.refusals = new KeyedRateLimiter<>(limits.requestsPerSource(), limits.maxSources());
        this.responses = new KeyedRateLimiter<>(limits.responsesPerSource(), limits.maxSources());
        // Long enough for a full burst to come back: the source then finds its bucket full again.
        double rate = limits.requestsPerSource().perSecond();
        this.retryAfterSeconds = (int) Math.max(1, Math.min(3600,
                Math.ceil(limits.requestsPerSource().burst() / rate)));
    }

    public SipLimits limits() {
        return limits;
    }

    /**
     * Decides about {@code length} bytes from {@code source}; {@code bufferSize} is the size of the
     * receive buffer (a datagram that filled it was most likely cut).
     */
    public synchronized Verdict admit(InetSocketAddress source, byte[] data, int length, int bufferSize) {
        Instant now = clock.get();
        if (length >= bufferSize) {
            return refuse(Refusal.TOO_LARGE, source, "datagram of " + length + "+ bytes (the limit is "
                    + (bufferSize - 1) + "): dropped");
        }
        RawSipMessage m = RawSipMessage.read(data, length);
        if (m.keepalive()) {
            return ADMIT;
        }
        if (!m.ok()) {
            if (m.answerable()) {
                counters.refused(m.refusal());
                log.warn(m.refusal().name(), "SIP {} from {} refused with 400: {}",
                        m.method(), source, m.problem());
                counters.responseOut(m.method(), 400);
                return new Verdict.Reply(StatelessResponse.to(m, 400, "Bad Request (" + m.problem() + ")", 0));
            }
            return refuse(m.refusal(), source, (m.request() ? "SIP " + m.method() : m.status() > 0 ? "SIP response "
                    + m.status() : "datagram") + " dropped: " + m.problem());
        }
        if (trusted.contains(source)) {
            return ADMIT;
        }
        if (m.request()) {
            if (exempt(m.method()) || requests.tryAcquire(source, now)) {
                return ADMIT;
            }
            counters.refused(Refusal.RATE_LIMITED_REQUEST);
            if (m.answerable() && refusals.tryAcquire(source, now)) {
                log.warn("rate-request", "SIP {} from {} over the limit of {} per source: 503 Retry-After {}",
                        m.method(), source, limits.requestsPerSource(),
                        retryAfterSeconds);
                counters.responseOut(m.method(), 503);
                return new Verdict.Reply(StatelessResponse.to(m, 503, "Service Unavailable", retryAfterSeconds));
            }
            log.warn("rate-request", "SIP {} from {} over the limit of {} per source, and so are its 503s: "
                    + "dropped", m.method(), source, limits.requestsPerSource());
            return DROP;
        }
        if (responses.tryAcquire(source, now)) {
            return ADMIT;
        }
        return refuse(Refusal.RATE_LIMITED_RESPONSE, source, "SIP response " + m.status() + " (" + m.method()
                + ") over the limit of " + limits.responsesPerSource() + " per source: dropped");
    }

    /** A datagram the stack could not take: its queue is full. */
    public void queueFull(InetSocketAddress source) {
        counters.refused(Refusal.QUEUE_FULL);
        log.warn("queue-full", "SIP datagram from {} dropped: {} already wait for the stack",
                source, limits.queueMax());
    }

    private Verdict refuse(Refusal why, InetSocketAddress source, String what) {
        counters.refused(why);
        log.warn(why.name(), "SIP from {}: {}", source, what);
        return DROP;
    }

    private static boolean exempt(String method) {
        return "ACK".equals(method) || "CANCEL".equals(method) || "BYE".equals(method);
    }
}
