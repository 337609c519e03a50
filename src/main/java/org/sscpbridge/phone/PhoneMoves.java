package org.sscpbridge.phone;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.store.DeviceClaimStore;
import org.sscpbridge.store.StoreException;
import org.sscpbridge.time.Scheduler;

/**
 * Scale-out (docs/DEPLOYMENT.md): several bridges share one store, and a phone may register with any
 * of them (its secondary call manager when its primary is gone or unreachable). Every accepted
 * Register claims the device for this instance in the store; every {@code poll} this instance reads
 * the claims of the devices it holds, and a device that another instance claimed since is handed to
 * {@code moved}, which ends the session here (removing only this bridge's own SIP contacts).
 *
 * <p>Claims and polls run on the store's one I/O thread, in order. A poll acts on a device only if
 * this instance's latest claim of it was written before the poll read the claims, and no Register of
 * it arrived while the poll ran: a phone that came back here meanwhile is never sent away.
 */
final class PhoneMoves implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PhoneMoves.class);

    /**
     * {@code instance}: this bridge's name in the claims; {@code claim}: write claims (a shared store);
     * {@code poll}: how often to read them ({@link Duration#ZERO}: never).
     */
    record Settings(String instance, boolean claim, Duration poll) {
        static final Settings OFF = new Settings("", false, Duration.ZERO);

        Settings {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(poll, "poll");
        }
    }

    private final Settings settings;
    private final DeviceClaimStore claims;
    private final Executor io;
    private final Scheduler scheduler;
    private final Supplier<Collection<String>> held;
    private final BiConsumer<String, String> moved;
    private final AtomicLong generations = new AtomicLong();
    /** Per device: the generation of this instance's latest claim (every accepted Register is one). */
    private final Map<String, Long> claimed = new ConcurrentHashMap<>();
    /** Per device: the generation of the latest claim written to the store. */
    private final Map<String, Long> written = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private Scheduler.Cancellable timer;

    PhoneMoves(Settings settings, DeviceClaimStore claims, Executor io, Scheduler scheduler,
            Supplier<Collection<String>> held, BiConsumer<String, String> moved) {
        this.settings = settings;
        this.claims = claims;
        this.io = io;
        this.scheduler = scheduler;
        this.held = held;
        this.moved = moved;
    }

    /** Starts polling, if configured. */
    void start() {
        if (settings.claim() && !settings.poll().isZero()) {
            scheduleNext();
        }
    }

    /** A Register of {@code device} was accepted here: this instance holds it now. */
    void registered(String device) {
        if (!settings.claim()) {
            return;
        }
        long generation = generations.incrementAndGet();
        claimed.put(device, generation);
        execute(() -> {
            try {
                claims.claim(device, settings.instance(), scheduler.now());
                written.merge(device, generation, Math::max);
            } catch (StoreException e) {
                // The phone works here regardless; another instance that held it before keeps its
                // contacts until the phone's keepalives stop reaching it (SPEC §4) or they expire.
                LOG.warn("phone {}: claim for instance {} not stored: {}", device, settings.instance(), e.getMessage());
            }
        });
    }

    private void scheduleNext() {
        synchronized (this) {
            if (closed) {
                return;
            }
            timer = scheduler.schedule(settings.poll(), () -> execute(this::poll));
        }
    }

    /** On the I/O thread. */
    private void poll() {
        try {
            Map<String, Long> asked = new HashMap<>();
            for (String device : held.get()) {
                Long mine = claimed.get(device);
                if (mine != null && mine.equals(written.get(device))) {
                    asked.put(device, mine);
                }
            }
            if (asked.isEmpty()) {
                return;
            }
            Map<String, String> owners = claims.owners(asked.keySet());
            owners.forEach((device, owner) -> {
                if (!owner.equals(settings.instance()) && asked.get(device).equals(claimed.get(device))) {
                    moved.accept(device, owner);
                }
            });
        } catch (StoreException e) {
            LOG.warn("cannot read the device claims (moved phones stay here until it works again): {}",
                    e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("device claims poll failed", e);
        } finally {
            scheduleNext();
        }
    }

    private void execute(Runnable task) {
        if (closed) {
            return;
        }
        try {
            io.execute(task);
        } catch (RejectedExecutionException e) {
            // The store is closing with the bridge: nothing to claim or poll any more.
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (timer != null) {
            timer.cancel();
        }
    }
}
