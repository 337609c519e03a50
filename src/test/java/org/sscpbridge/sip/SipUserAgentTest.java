package org.sscpbridge.sip;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.sscpbridge.it.support.FreePorts;

/** The user agent's own life: nothing it started may outlive close(). */
class SipUserAgentTest {

    private static long stackThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getName().contains("EventScanner") || t.getName().contains("UDPMessageChannel"))
                .count();
    }

    @Test
    void closeStopsEveryThreadAndFreesThePort() throws Exception {
        long before = stackThreads();
        for (int i = 0; i < 3; i++) {
            int port = FreePorts.udp();
            SipUserAgent ua = SipUserAgent.start(new SipSettings("127.0.0.1", port, "sip:127.0.0.1:5060",
                    "sip:127.0.0.1:5060", "127.0.0.1"));
            assertTrue(stackThreads() > before);
            ua.close();
            assertTrue(FreePorts.isFree(port), "port " + port + " still bound");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> stackThreads() == before);
    }
}
