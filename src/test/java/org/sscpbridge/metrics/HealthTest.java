package org.sscpbridge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthTest {

    private static PhoneTotals.FailingLine line(String device, String number, String reason) {
        return new PhoneTotals.FailingLine(device, number, reason, Health.isAuthFailure(reason));
    }

    @Test
    void nothingWrongIsAnEmptyList() {
        assertEquals(List.of(), Health.problems(null, null, "sip:pbx", null, PhoneTotals.NONE));
    }

    @Test
    void aRefusedConfigurationIsNamedWithItsReason() {
        assertEquals(List.of("configuration sscp.bridge refused (the previous one is kept): "
                + "sscp.port: 'twenty' is not a whole number"),
                Health.problems("sscp.port: 'twenty' is not a whole number", null, "sip:pbx", null, PhoneTotals.NONE));
    }

    @Test
    void anUnreachableRegistrarIsNamedWithSinceWhen() {
        List<String> problems = Health.problems(null, null, "sip:10.0.0.1:5060",
                new SipCounters.Unreachable(Instant.parse("2025-03-01T08:15:30.123Z"), "REGISTER for 1001: 408 Request Timeout"),
                PhoneTotals.NONE);
        assertEquals(List.of("registrar sip:10.0.0.1:5060 unreachable since 2025-03-01T08:15:30Z "
                + "(REGISTER for 1001: 408 Request Timeout)"), problems);
    }

    @Test
    void linesFailingAuthenticationAreCountedAndGroupedByTheirSipReason() {
        PhoneTotals phones = new PhoneTotals(2, 1, List.of(
                line("SEP1", "1001", "403 Forbidden"),
                line("SEP2", "1002", "403 Forbidden"),
                line("SEP2", "1003", "401 Unauthorized: wrong credentials for 1003"),
                line("SEP3", "1004", "404 Not Found")), Map.of());
        assertEquals(List.of(
                "3 lines failing authentication: 403 Forbidden (lines 1001 of SEP1, 1002 of SEP2); "
                        + "401 Unauthorized: wrong credentials for 1003 (line 1003 of SEP2)",
                "1 line failing to register: 404 Not Found (line 1004 of SEP3)"),
                Health.problems(null, null, "sip:pbx", null, phones));
        assertEquals(4, phones.linesFailing());
        assertEquals(3, phones.linesFailingAuth());
    }

    @Test
    void anUnavailableStoreIsNamed() {
        assertEquals(List.of("store unavailable: cannot open jdbc:h2:/x"),
                Health.problems(null, "cannot open jdbc:h2:/x", "sip:pbx", null, PhoneTotals.NONE));
    }

    @Test
    void manyReasonsAreCut() {
        PhoneTotals phones = new PhoneTotals(1, 0, List.of(line("A", "1", "401 a"), line("A", "2", "401 b"),
                line("A", "3", "401 c"), line("A", "4", "401 d"), line("A", "5", "401 e")), Map.of());
        String text = Health.problems(null, null, "sip:pbx", null, phones).get(0);
        assertTrue(text.endsWith("; and 2 more reasons"), text);
        assertFalse(text.contains("401 d"), text);
    }

    @Test
    void authFailuresAreTheStatusCodesThatRefuseCredentials() {
        assertTrue(Health.isAuthFailure("401 Unauthorized: wrong credentials for 1001"));
        assertTrue(Health.isAuthFailure("407 Proxy Authentication Required"));
        assertTrue(Health.isAuthFailure("403 Forbidden"));
        assertFalse(Health.isAuthFailure("no answer from registrar: timeout"));
        assertFalse(Health.isAuthFailure(null));
    }
}
