package org.sscpbridge.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.sscpbridge.metrics.SipCounters;
import org.sscpbridge.metrics.SipCounters.Refusal;
import org.sscpbridge.sscp.transport.RateLimit;

/** Per-source admission of SIP datagrams, on a clock the test moves. */
class SipAdmissionTest {
    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 6000);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 6001);
    private static final int BUFFER = 16384;
    private static final String RESPONSE = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKx\r\n"
            + "From: <sip:1001@d>;tag=a\r\nTo: <sip:1001@d>;tag=b\r\nCall-ID: r1\r\nCSeq: 7 REGISTER\r\n"
            + "Content-Length: 0\r\n\r\n";

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final SipCounters counters = new SipCounters();
    private final SipAdmission admission = new SipAdmission(new SipLimits(new RateLimit(2, 3), new RateLimit(5, 5),
            100, 100, 10, Duration.ofSeconds(10)), counters, () -> now);

    private SipAdmission.Verdict admit(InetSocketAddress from, String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return admission.admit(from, b, b.length, BUFFER);
    }

    private static String invite(int n) {
        return RawSipMessageTest.INVITE.replace("Call-ID: c1@x", "Call-ID: c" + n + "@x");
    }

    @Test
    void requestsBeyondTheBurstGet503WithRetryAfterPerSource() {
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(SipAdmission.Verdict.Admit.class, admit(A, invite(i)));
        }
        SipAdmission.Verdict refused = admit(A, invite(3));
        String reply = new String(assertInstanceOf(SipAdmission.Verdict.Reply.class, refused).response(),
                StandardCharsets.ISO_8859_1);
        assertTrue(reply.startsWith("SIP/2.0 503 "), reply);
        assertTrue(reply.contains("Retry-After: 2\r\n"), reply); // burst 3 at 2/s: full again in 2 s
        // Another source has its own bucket.
        assertInstanceOf(SipAdmission.Verdict.Admit.class, admit(B, invite(4)));
        // Time refills A at its rate.
        now = now.plusMillis(500);
        assertInstanceOf(SipAdmission.Verdict.Admit.class, admit(A, invite(5)));
        assertEquals(1, counters.refusedCount(Refusal.RATE_LIMITED_REQUEST));
        assertEquals(1, counters.responsesOut(5));
    }

    @Test
    void thePbxAndTrustedNetworksAreHeldByNoRateButStillByTheMalformedChecks() throws Exception {
        InetSocketAddress pbx = new InetSocketAddress("127.0.0.1", 5060);
        InetSocketAddress pbxOtherPort = new InetSocketAddress("127.0.0.1", 5061);
        InetSocketAddress trustedNet = new InetSocketAddress("192.0.2.9", 7000);
        TrustedSources trusted = TrustedSources.resolve(java.util.List.of("sip:127.0.0.1", "sip:;bad"),
                java.util.List.of(org.sscpbridge.config.Cidr.parse("192.0.2.0/24")),
                javax.sip.SipFactory.getInstance().createAddressFactory());
        SipAdmission open = new SipAdmission(new SipLimits(new RateLimit(2, 3), new RateLimit(5, 5), 100, 100, 10,
                Duration.ofSeconds(10)), counters, () -> now, trusted);
        for (int i = 0; i < 50; i++) {
            for (InetSocketAddress from : new InetSocketAddress[] {pbx, trustedNet}) {
                byte[] request = invite(i).getBytes(StandardCharsets.ISO_8859_1);
                byte[] response = RESPONSE.getBytes(StandardCharsets.ISO_8859_1);
                assertInstanceOf(SipAdmission.Verdict.Admit.class, open.admit(from, request, request.length, BUFFER));
                assertInstanceOf(SipAdmission.Verdict.Admit.class, open.admit(from, response, response.length, BUFFER));
            }
        }
        // The PBX's host on another port is another program: held like any source.
        int refused = 0;
        for (int i = 0; i < 10; i++) {
            byte[] b = RESPONSE.getBytes(StandardCharsets.ISO_8859_1);
            refused += open.admit(pbxOtherPort, b, b.length, BUFFER) instanceof SipAdmission.Verdict.Drop ? 1 : 0;
        }
        assertEquals(5, refused);
        byte[] garbage = "hello".getBytes(StandardCharsets.ISO_8859_1);
        assertInstanceOf(SipAdmission.Verdict.Drop.class, open.admit(pbx, garbage, garbage.length, BUFFER));
        assertEquals(0, counters.refusedCount(Refusal.RATE_LIMITED_REQUEST));
    }

    @Test
    void the503sThemselvesStayWithinTheRateThenTheRestIsDropped() {
        int replies = 0;
        int drops = 0;
        for (int i = 0; i < 20; i++) {
            SipAdmission.Verdict v = admit(A, invite(i));
            if (v instanceof SipAdmission.Verdict.Reply) {
                replies++;
            } else if (v instanceof SipAdmission.Verdict.Drop) {
                drops++;
            }
        }
        assertEquals(3, replies, "one burst of 503s");
        assertEquals(14, drops);
        assertEquals(17, counters.refusedCount(Refusal.RATE_LIMITED_REQUEST));
    }

    @Test
    void ackCancelAndByeAreNeverLimited() {
        for (int i = 0; i < 5; i++) {
            admit(A, invite(i));
        }
        String bye = RawSipMessageTest.INVITE.replace("INVITE sip", "BYE sip").replace("1 INVITE", "2 BYE");
        String ack = RawSipMessageTest.INVITE.replace("INVITE sip", "ACK sip").replace("1 INVITE", "1 ACK");
        String cancel = RawSipMessageTest.INVITE.replace("INVITE sip", "CANCEL sip").replace("1 INVITE", "1 CANCEL");
        for (String r : new String[] {bye, ack, cancel}) {
            assertInstanceOf(SipAdmission.Verdict.Admit.class, admit(A, r));
        }
    }

    @Test
    void responsesBeyondTheirRateAreDroppedAndCounted() {
        for (int i = 0; i < 5; i++) {
            assertInstanceOf(SipAdmission.Verdict.Admit.class, admit(A, RESPONSE));
        }
        assertInstanceOf(SipAdmission.Verdict.Drop.class, admit(A, RESPONSE));
        assertInstanceOf(SipAdmission.Verdict.Admit.class, admit(B, RESPONSE));
        assertEquals(1, counters.refusedCount(Refusal.RATE_LIMITED_RESPONSE));
        // Requests from A are not held back by its responses.
        assertInstanceOf(SipAdmission.Verdict.Admit.class, admit(A, invite(1)));
    }

    @Test
    void malformedRequestsGet400WhenTheyCanBeAnsweredElseAreDropped() {
        String reply = new String(assertInstanceOf(SipAdmission.Verdict.Reply.class,
                admit(A, RawSipMessageTest.INVITE.replace("Content-Length: 4", "Content-Length: 99"))).response(),
                StandardCharsets.ISO_8859_1);
        assertTrue(reply.startsWith("SIP/2.0 400 Bad Request (Content-Length 99 but 4 body bytes)\r\n"), reply);
        assertInstanceOf(SipAdmission.Verdict.Drop.class, admit(A, "\u0016\u0003\u0001 garbage"));
        assertInstanceOf(SipAdmission.Verdict.Drop.class, admit(A, RESPONSE.replace("Call-ID: r1\r\n", "")));
        assertEquals(1, counters.refusedCount(Refusal.BAD_CONTENT_LENGTH));
        assertEquals(1, counters.refusedCount(Refusal.GARBAGE));
        assertEquals(1, counters.refusedCount(Refusal.BAD_HEADERS));
        assertEquals(3, counters.refusedTotal());
    }

    @Test
    void aDatagramThatFilledTheBufferIsDropped() {
        byte[] big = new byte[BUFFER];
        assertInstanceOf(SipAdmission.Verdict.Drop.class, admission.admit(A, big, BUFFER, BUFFER));
        assertEquals(1, counters.refusedCount(Refusal.TOO_LARGE));
    }
}
