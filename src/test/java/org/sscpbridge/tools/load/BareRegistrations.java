package org.sscpbridge.tools.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.sscpbridge.call.LineRegistrar.LineRegistration;
import org.sscpbridge.call.RegistrationState;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.it.support.KamailioServer;
import org.sscpbridge.sip.RetryPolicy;
import org.sscpbridge.sip.SipLineRegistrar;
import org.sscpbridge.sip.SipSettings;
import org.sscpbridge.sip.SipStartException;
import org.sscpbridge.sip.SipUserAgent;
import org.sscpbridge.time.SystemScheduler;

/**
 * The reference: the bridge's own SIP layer (SipUserAgent + SipLineRegistrar, so the same digest
 * round trip, headers and threads) registering the same lines directly, without SSCP, phones or
 * sessions. What the bridge adds on top of this is what the load run measures.
 */
final class BareRegistrations {
    private final KamailioServer kamailio;
    private final int expires;

    BareRegistrations(KamailioServer kamailio, int expires) {
        this.kamailio = kamailio;
        this.expires = expires;
    }

    /**
     * Registers lines {@code 0 .. count-1}, waits for each 200 OK, then removes every binding.
     *
     * @param registersPerSecond how fast registrations start; 0 = no pace
     * @param window most registrations between REGISTER and 200 OK at a time; 0 = no bound
     */
    RoundOutcome run(int count, double registersPerSecond, int window, Duration timeout) throws SipStartException, InterruptedException, IOException {
        String registrar = kamailio.uri();
        SipUserAgent ua = SipUserAgent.start(new SipSettings("127.0.0.1", FreePorts.udp(), registrar, registrar,
                "127.0.0.1"));
        SystemScheduler scheduler = new SystemScheduler("bare-ua-timer");
        try {
            SipLineRegistrar lines = new SipLineRegistrar(ua, scheduler, expires,
                    new RetryPolicy(Duration.ofSeconds(InProcessBridge.RETRY_BASE_SECONDS),
                            Duration.ofSeconds(InProcessBridge.RETRY_MAX_SECONDS)), InProcessBridge.REGISTER_RATE);
            long[] sent = new long[count];
            AtomicLongArray registered = new AtomicLongArray(count);
            CountDownLatch all = new CountDownLatch(count);
            Semaphore slots = new Semaphore(window > 0 ? window : Integer.MAX_VALUE);
            List<LineRegistration> registrations = new ArrayList<>(count);
            long deadline = System.nanoTime() + timeout.toNanos();
            CpuSplit before = CpuSplit.take(kamailio.pid());
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                int line = i;
                paceUntil(start, i, registersPerSecond);
                if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    break;
                }
                sent[i] = System.nanoTime();
                registrations.add(lines.register(LoadAccounts.line(i), status -> {
                    if (status.state() == RegistrationState.REGISTERED
                            && registered.compareAndSet(line, 0, System.nanoTime())) {
                        slots.release();
                        all.countDown();
                    }
                }));
            }
            all.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            java.util.Map<String, Double> cpu = CpuSplit.take(kamailio.pid()).since(before);
            long[] completed = new long[count];
            for (int i = 0; i < count; i++) {
                completed[i] = registered.get(i);
            }
            int contactsWhenDone = kamailio.contactCount();
            long t0 = System.nanoTime();
            unregisterAll(registrations);
            Duration teardown = Duration.ofNanos(System.nanoTime() - t0);
            return new RoundOutcome("bare", WaveResult.of(sent, completed, 0, 0, 0), contactsWhenDone,
                    kamailio.contactCount(), teardown, "", cpu);
        } finally {
            ua.close();
            scheduler.close();
        }
    }

    /** Waits until registration {@code i} is due at {@code perSecond} from {@code start}. */
    private static void paceUntil(long start, int i, double perSecond) throws InterruptedException {
        if (perSecond <= 0) {
            return;
        }
        long due = start + (long) (i / perSecond * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static void unregisterAll(List<LineRegistration> registrations) throws InterruptedException {
        registrations.forEach(LineRegistration::unregister);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (LineRegistration r : registrations) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0 || !r.awaitUnregistered(left)) {
                return;
            }
        }
    }
}
