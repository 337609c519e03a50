package org.sscpbridge.sip;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.call.LineRegistrar.LineRegistration;
import org.sscpbridge.call.RegistrationState;
import org.sscpbridge.call.RegistrationStatus;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.it.support.KamailioServer;
import org.sscpbridge.time.SystemScheduler;

/** The SIP side of registration against a real Kamailio with digest auth (db_text subscribers). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SipRegistrationIT {
    @TempDir
    static Path work;

    private KamailioServer kamailio;
    private SipUserAgent ua;
    private SystemScheduler scheduler;

    @BeforeAll
    void start() throws Exception {
        kamailio = KamailioServer.start(work, Map.of(
                "1001", "pw1001", "1002", "pw1002", "1003", "pw1003", "1004", "pw1004", "1005", "pw1005"));
        ua = SipUserAgent.start(new SipSettings("127.0.0.1", FreePorts.udp(), kamailio.uri(), kamailio.uri(),
                KamailioServer.DOMAIN));
        scheduler = new SystemScheduler("test-timer");
    }

    @AfterAll
    void stop() throws Exception {
        if (ua != null) {
            ua.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
        if (kamailio != null) {
            kamailio.close();
        }
    }

    private SipLineRegistrar registrar(int expires, RetryPolicy retry) {
        return new SipLineRegistrar(ua, scheduler, expires, retry, 200);
    }

    @Test
    void registersWithDigestAuthAndUnregistersWithExpiresZero() throws Exception {
        List<RegistrationStatus> seen = new CopyOnWriteArrayList<>();
        LineRegistration r = registrar(600, RetryPolicy.DEFAULT)
                .register(new LineAccount("1001", null, "pw1001", "Alice"), seen::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> r.status().state() == RegistrationState.REGISTERED);
        assertTrue(kamailio.hasBinding("1001"), kamailio.kamcmd("ul.dump").output());
        assertTrue(r.status().reason().contains("expires 600"), r.status().toString());
        assertTrue(seen.stream().anyMatch(s -> s.state() == RegistrationState.REGISTERING));

        r.unregister();
        assertTrue(r.awaitUnregistered(10_000), "no answer to Expires: 0");
        assertEquals(RegistrationState.UNREGISTERED, r.status().state());
        assertFalse(kamailio.hasBinding("1001"), kamailio.kamcmd("ul.dump").output());
    }

    @Test
    void wrongPasswordFailsClearlyWithoutARetryStorm() throws Exception {
        LineRegistration r = registrar(600, new RetryPolicy(Duration.ofSeconds(30), Duration.ofMinutes(30)))
                .register(new LineAccount("1002", null, "not-the-password", ""), s -> { });
        await().atMost(Duration.ofSeconds(10)).until(() -> r.status().state() == RegistrationState.FAILED);
        assertTrue(r.status().reason().contains("wrong credentials"), r.status().toString());
        Thread.sleep(2_000);
        // One REGISTER without credentials and two with (a second fresh nonce is answered once, as a
        // replayed nonce count looks the same): then the line waits for its backoff.
        assertEquals(3, kamailio.registerCount("1002"));
        assertFalse(kamailio.hasBinding("1002"));
        r.unregister();
        assertTrue(r.awaitUnregistered(1_000));
    }

    @Test
    void refreshesBeforeExpiryWithPreemptiveCredentials() throws Exception {
        LineRegistration r = registrar(3, RetryPolicy.DEFAULT)
                .register(new LineAccount("1003", "1003", "pw1003", ""), s -> { });
        await().atMost(Duration.ofSeconds(10)).until(() -> r.status().state() == RegistrationState.REGISTERED);
        long before = kamailio.registerCount("1003");
        // Refresh at 80 % of 3 s; after two refreshes the binding must still be there.
        Thread.sleep(5_500);
        assertTrue(kamailio.registerCount("1003") >= before + 2, "expected refreshes");
        assertEquals(RegistrationState.REGISTERED, r.status().state());
        assertTrue(kamailio.hasBinding("1003"));
        r.unregister();
        assertTrue(r.awaitUnregistered(10_000));
        assertFalse(kamailio.hasBinding("1003"));
    }

    @Test
    void bindingComesBackAfterKamailioRestarts() throws Exception {
        LineRegistration r = registrar(4, new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(4)))
                .register(new LineAccount("1004", null, "pw1004", ""), s -> { });
        await().atMost(Duration.ofSeconds(10)).until(() -> r.status().state() == RegistrationState.REGISTERED);
        kamailio.restart(Duration.ofMillis(500));
        assertFalse(kamailio.hasBinding("1004"), "a restarted Kamailio starts with an empty location table");
        await().atMost(Duration.ofSeconds(20)).until(() -> kamailio.hasBinding("1004"));
        r.unregister();
        assertTrue(r.awaitUnregistered(10_000));
    }

    /**
     * A registrar that answers 503 with Retry-After: 5 (SIPp) is not asked again before those 5 s,
     * although the line's own backoff (1 s base) would retry after 0.5-1 s (RFC 3261 §21.5.4).
     */
    @Test
    void retryAfterOf503IsTheLeastWaitBeforeTheNextRegister() throws Exception {
        try (org.sscpbridge.it.support.SippProcess sipp = org.sscpbridge.it.support.SippProcess.start(work,
                "uas-register-503.xml", Map.of("retry", "5"), null);
                SipUserAgent toSipp = SipUserAgent.start(new SipSettings("127.0.0.1", FreePorts.udp(),
                        "sip:127.0.0.1:" + sipp.sipPort(), "sip:127.0.0.1:" + sipp.sipPort(), KamailioServer.DOMAIN))) {
            List<Long> failedAt = new CopyOnWriteArrayList<>();
            List<Long> registeredAt = new CopyOnWriteArrayList<>();
            LineRegistration r = new SipLineRegistrar(toSipp, scheduler, 600,
                    new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(4)), 200)
                    .register(new LineAccount("1005", null, "pw1005", ""), s -> {
                        if (s.state() == RegistrationState.FAILED) {
                            failedAt.add(System.nanoTime());
                        } else if (s.state() == RegistrationState.REGISTERED) {
                            registeredAt.add(System.nanoTime());
                        }
                    });
            await().atMost(Duration.ofSeconds(15)).until(() -> r.status().state() == RegistrationState.REGISTERED);
            double waited = (registeredAt.get(0) - failedAt.get(0)) / 1e9;
            assertTrue(waited >= 4.9 && waited < 6.5, "registered " + waited + " s after the 503");
            assertEquals(0, sipp.await(20), sipp.output());
        }
    }
}
