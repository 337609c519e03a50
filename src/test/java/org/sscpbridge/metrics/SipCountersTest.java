package org.sscpbridge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SipCountersTest {
    private final SipCounters counters = new SipCounters();

    @Test
    void countsRequestsByMethodAndResponsesByMethodAndClassInBothDirections() {
        counters.requestOut("REGISTER");
        counters.requestOut("REGISTER");
        counters.responseIn("REGISTER", 401);
        counters.responseIn("REGISTER", 200);
        counters.requestIn("INVITE");
        counters.responseOut("INVITE", 100);
        counters.responseOut("INVITE", 180);
        counters.responseOut("INVITE", 486);
        counters.timeout("BYE");

        assertEquals(Map.of("REGISTER", 2L), counters.requestsOut());
        assertEquals(Map.of("INVITE", 1L), counters.requestsIn());
        assertEquals(Map.of("REGISTER 2xx", 1L, "REGISTER 4xx", 1L), counters.responsesIn());
        assertEquals(Map.of("INVITE 1xx", 2L, "INVITE 4xx", 1L), counters.responsesOut());
        assertEquals(Map.of("BYE", 1L), counters.timeouts());
        assertEquals(1, counters.responsesIn("REGISTER", 2));
        assertEquals(2, counters.responsesOut(1));
        assertEquals(2, counters.requestsOutTotal());
        assertEquals(3, counters.responsesOutTotal());
        assertEquals(1, counters.timeoutsTotal());
    }

    @Test
    void unknownMethodsShareOtherAndImpossibleStatusCodesAreNotCounted() {
        counters.requestIn("FOO");
        counters.requestIn(null);
        counters.responseIn("FOO", 99);
        counters.responseIn("FOO", 700);
        assertEquals(Map.of("OTHER", 2L), counters.requestsIn());
        assertEquals(0, counters.responsesInTotal());
    }

    @Test
    void registrationFailuresKeepTheAuthOnesApartAndTheLastReason() {
        counters.registrationFailed("line 1001: 408 Request Timeout", false);
        counters.registrationFailed("line 1002: 403 Forbidden", true);
        assertEquals(2, counters.registrationFailures());
        assertEquals(1, counters.registrationAuthFailures());
        assertEquals("line 1002: 403 Forbidden", counters.lastRegistrationFailure());
        assertTrue(counters.toString().contains("registration failures 2 (auth 1)"), counters.toString());
    }

    @Test
    void theRegistrarIsUnreachableSinceTheFirstMissedAnswerUntilItAnswers() {
        assertNull(counters.registrarUnreachable());
        Instant t0 = Instant.parse("2025-01-01T10:00:00Z");
        counters.registrarUnreachable(t0, "no answer");
        counters.registrarUnreachable(t0.plusSeconds(30), "503 Service Unavailable");
        assertEquals(new SipCounters.Unreachable(t0, "503 Service Unavailable"), counters.registrarUnreachable());
        counters.registrarAnswered();
        assertNull(counters.registrarUnreachable());
        assertTrue(SipCounters.meansUnreachable(408) && SipCounters.meansUnreachable(503));
        assertTrue(SipCounters.meansAuthFailure(403) && !SipCounters.meansAuthFailure(404));
    }

    @Test
    void countingFromManyThreadsLosesNothing() throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    counters.requestIn("OPTIONS");
                    counters.responseOut("OPTIONS", 200);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(40_000, counters.requestsIn().get("OPTIONS"));
        assertEquals(40_000, counters.responsesOut().get("OPTIONS 2xx"));
    }

    @Test
    void printsOneLineForTheStatus() {
        counters.requestOut("REGISTER");
        counters.responseIn("REGISTER", 200);
        assertEquals("requests in 0 / out 1; responses in 1 (2xx 1) / out 0; timeouts 0; registration failures 0",
                counters.toString());
    }
}
