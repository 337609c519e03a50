package org.sscpbridge.sip;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.time.Instant;
import java.util.Random;
import java.util.function.Consumer;
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.call.LineRegistrar;
import org.sscpbridge.call.RegistrationStatus;
import org.sscpbridge.time.Scheduler;

/**
 * Registers lines at the configured registrar through one {@link SipUserAgent}. First REGISTERs
 * are paced ({@code register.rate} per second) and sent from the timer, not from the phone's
 * thread: a site of phones coming back at once neither floods the PBX nor delays the phones'
 * RegisterAcks behind SIP work. Thread-safe.
 */
public final class SipLineRegistrar implements LineRegistrar {
    private final SipUserAgent ua;
    private final Scheduler scheduler;
    private final int expires;
    private final RetryPolicy retry;
    private final Duration spacing;
    private final Random random = new Random();
    private Instant nextStart = Instant.MIN;

    public SipLineRegistrar(SipUserAgent ua, Scheduler scheduler, int expires, RetryPolicy retry, int perSecond) {
        this.ua = ua;
        this.scheduler = scheduler;
        this.expires = expires;
        this.retry = retry;
        this.spacing = Duration.ofNanos(1_000_000_000L / Math.max(1, perSecond));
        // The agent lines register through is the bridge's: requests for other users get 404.
        ua.answerOnlyForLines();
    }

    /**
     * The latest registration of each line number. A line registered again (device file edited,
     * phone moved to another address) must not start before the previous registration's removal
     * (REGISTER Expires: 0, same contact) is answered: that removal, overtaking the new REGISTER at
     * the registrar, deleted the fresh binding (RFC 3261 §10.3: a contact with expires 0 is removed
     * whatever its Call-ID), and the line showed "registered" but was unreachable. Seen in
     * BridgeFaultsIT with 100 phones.
     */
    private final Map<String, SipRegistration> latest = new ConcurrentHashMap<>();

    @Override
    public LineRegistration register(LineAccount account, Consumer<RegistrationStatus> listener) {
        ua.rememberAccount(account);
        SipRegistration r = new SipRegistration(ua, account, expires, scheduler, retry, random::nextDouble, listener);
        SipRegistration previous = latest.put(account.number(), r);
        r.whenUnregistered().thenRun(() -> latest.remove(account.number(), r));
        Duration slot = slot();
        if (previous == null || !previous.stopping()) {
            // (A live previous one: the same number on two devices; each keeps its own binding.)
            scheduler.schedule(slot, r::start);
        } else {
            // At once when the previous one is already gone; bounded by its own Timer F otherwise.
            previous.whenUnregistered().thenRun(() -> scheduler.schedule(slot, r::start));
        }
        return r;
    }

    /** How long this registration waits for its turn. */
    private synchronized Duration slot() {
        Instant now = scheduler.now();
        Instant at = nextStart.isAfter(now) ? nextStart : now;
        nextStart = at.plus(spacing);
        return Duration.between(now, at);
    }
}
