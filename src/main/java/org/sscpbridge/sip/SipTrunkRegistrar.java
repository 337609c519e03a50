package org.sscpbridge.sip;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.config.BridgeConfig.Trunk;
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.call.LineRegistrar;
import org.sscpbridge.call.RegistrationState;
import org.sscpbridge.call.RegistrationStatus;
import org.sscpbridge.time.Scheduler;

/**
 * Trunk mode's registrar (docs/TRUNK.md): one {@link SipRegistration} per trunk with a user (digest,
 * refresh, backoff exactly as a line's), none for a trunk with IP authentication. Lines do not
 * register: each line shows its trunk's state ("registered", or the trunk's failure), always
 * "registered" behind an IP-authenticated trunk. A line's in-dialog requests answer challenges with
 * its trunk's credentials. {@link #close} removes the trunks' bindings. Thread-safe.
 */
public final class SipTrunkRegistrar implements LineRegistrar, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SipTrunkRegistrar.class);
    /** How long {@link #close} waits for the carriers to confirm the removals. */
    private static final long CLOSE_WAIT_MS = 3_000;

    private final SipUserAgent ua;
    private final Scheduler scheduler;
    private final TrunkPlan plan;
    private final Map<Integer, Link> links = new LinkedHashMap<>();

    /** One trunk, its binding (null: IP authentication) and the lines that show its state. */
    private final class Link {
        final Trunk trunk;
        final Set<Consumer<RegistrationStatus>> lines = new CopyOnWriteArraySet<>();
        volatile RegistrationStatus status;
        SipRegistration registration;

        Link(Trunk trunk) {
            this.trunk = trunk;
            this.status = trunk.ipAuthentication()
                    ? RegistrationStatus.of(RegistrationState.REGISTERED, "IP authentication")
                    : RegistrationStatus.of(RegistrationState.UNREGISTERED, "");
        }

        /** What a line behind this trunk shows. */
        RegistrationStatus lineStatus() {
            RegistrationStatus s = status;
            String reason = s.reason() == null || s.reason().isEmpty() ? "trunk " + trunk.index()
                    : "trunk " + trunk.index() + ": " + s.reason();
            return new RegistrationStatus(s.state(), reason, s.nextAttempt());
        }

        /** The trunk's binding changed: every line behind it hears it (on the registration's thread). */
        void changed(RegistrationStatus next) {
            RegistrationStatus before = status;
            status = next;
            if (before.state() != next.state()) {
                if (next.state() == RegistrationState.FAILED) {
                    LOG.warn("{} not registered: {}", trunk, next.reason());
                } else {
                    LOG.info("{}: {}", trunk, next);
                }
            }
            RegistrationStatus shown = lineStatus();
            lines.forEach(l -> l.accept(shown));
        }
    }

    public SipTrunkRegistrar(SipUserAgent ua, Scheduler scheduler, int expires, RetryPolicy retry, TrunkPlan plan) {
        this.ua = ua;
        this.scheduler = scheduler;
        this.plan = plan;
        Random random = new Random();
        for (Trunk t : plan.trunks()) {
            Link link = new Link(t);
            links.put(t.index(), link);
            if (t.ipAuthentication()) {
                LOG.info("{}: IP authentication, no REGISTER", t);
                continue;
            }
            LineAccount account = new LineAccount(t.user(), t.user(), t.password(), "");
            link.registration = new SipRegistration(ua, account, expires, scheduler, retry, random::nextDouble,
                    link::changed, t.registrar(), t.domain(), "trunk " + t.index());
            scheduler.schedule(Duration.ZERO, link.registration::start);
        }
    }

    /** The SIP user agent the trunks register through. */
    public SipUserAgent userAgent() {
        return ua;
    }

    @Override
    public LineRegistration register(LineAccount line, Consumer<RegistrationStatus> listener) {
        Trunk trunk = plan.trunkOf(line.number());
        Link link = links.get(trunk.index());
        // In-dialog requests of this line's calls answer challenges as the trunk.
        ua.rememberAccount(new LineAccount(line.number(), trunk.ipAuthentication() ? line.number() : trunk.user(),
                trunk.password(), line.displayName()));
        link.lines.add(listener);
        scheduler.schedule(Duration.ZERO, () -> {
            if (link.lines.contains(listener)) {
                listener.accept(link.lineStatus());
            }
        });
        return new LineRegistration() {
            @Override
            public RegistrationStatus status() {
                return link.lines.contains(listener) ? link.lineStatus()
                        : RegistrationStatus.of(RegistrationState.UNREGISTERED, "line released");
            }

            @Override
            public void unregister() {
                // The trunk's binding stays for the other lines; this line only stops showing it.
                if (link.lines.remove(listener)) {
                    listener.accept(RegistrationStatus.of(RegistrationState.UNREGISTERED, "line released"));
                }
            }

            @Override
            public boolean awaitUnregistered(long millis) {
                return true;
            }
        };
    }

    /** Removes every trunk's binding (REGISTER Expires: 0), waiting a bounded time for the answers. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + CLOSE_WAIT_MS * 1_000_000;
        for (Link link : links.values()) {
            if (link.registration != null) {
                link.registration.unregister();
            }
        }
        for (Link link : links.values()) {
            try {
                long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
                if (link.registration != null && !link.registration.awaitUnregistered(left)) {
                    LOG.warn("{}: removal of the binding not confirmed within {} ms", link.trunk, CLOSE_WAIT_MS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
