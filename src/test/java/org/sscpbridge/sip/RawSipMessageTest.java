package org.sscpbridge.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sscpbridge.metrics.SipCounters.Refusal;

/** The raw first look at SIP datagrams: what passes to the stack, and why the rest does not. */
class RawSipMessageTest {
    static final String INVITE = "INVITE sip:1001@127.0.0.1:5070 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:6000;branch=z9hG4bK1\r\n"
            + "v: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK0\r\n"
            + "From: <sip:a@127.0.0.1>;tag=f1\r\n"
            + "To: <sip:1001@127.0.0.1>\r\n"
            + "Call-ID: c1@x\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Max-Forwards: 70\r\n"
            + "Content-Length: 4\r\n\r\nbody";

    static RawSipMessage read(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return RawSipMessage.read(b, b.length);
    }

    @Test
    void aGoodRequestPassesWithItsHeaders() {
        RawSipMessage m = read(INVITE);
        assertTrue(m.ok(), m.problem());
        assertTrue(m.request());
        assertEquals("INVITE", m.method());
        assertEquals("1001", m.requestUser());
        assertEquals(List.of("SIP/2.0/UDP 127.0.0.1:6000;branch=z9hG4bK1", "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK0"),
                m.vias());
        assertEquals("c1@x", m.callId());
        assertTrue(m.answerable());
    }

    @Test
    void aGoodResponseTakesItsMethodFromCSeq() {
        RawSipMessage m = read("SIP/2.0 401 Unauthorized\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKx\r\n"
                + "From: <sip:1001@d>;tag=a\r\nTo: <sip:1001@d>;tag=b\r\nCall-ID: r1\r\nCSeq: 7 REGISTER\r\n"
                + "Content-Length: 0\r\n\r\n");
        assertTrue(m.ok(), m.problem());
        assertFalse(m.request());
        assertEquals(401, m.status());
        assertEquals("REGISTER", m.method());
    }

    @Test
    void keepalivesPass() {
        assertTrue(read("\r\n\r\n").keepalive());
        assertTrue(read("\r\n").keepalive());
    }

    @Test
    void garbageIsRefusedAsGarbage() {
        for (String g : List.of("hello", "\u0000\u0001\u0002\u00ff", "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
                "INVITE sip:x SIP/3.0\r\n\r\n", "SIP/2.0 99 Odd\r\n\r\n", "IN VITE sip:x SIP/2.0\r\n\r\n")) {
            RawSipMessage m = read(g);
            assertFalse(m.ok(), g);
            assertEquals(Refusal.GARBAGE, m.refusal(), g);
        }
    }

    @Test
    void badHeadersAreNamed() {
        assertEquals("no Call-ID header", read(INVITE.replace("Call-ID: c1@x\r\n", "")).problem());
        assertEquals(Refusal.BAD_HEADERS, read(INVITE.replace("Max-Forwards: 70", ": 70")).refusal());
        assertTrue(read(INVITE.replace("CSeq: 1 INVITE", "CSeq: 1 BYE")).problem().contains("CSeq method"));
        assertTrue(read(INVITE.replace("CSeq: 1 INVITE", "CSeq: x INVITE")).problem().contains("bad CSeq"));
        // Cut before the end of the headers.
        RawSipMessage truncated = read(INVITE.substring(0, 120));
        assertEquals(Refusal.BAD_HEADERS, truncated.refusal(), truncated.problem());
    }

    @Test
    void aContentLengthLargerThanTheBodyIsRefused() {
        RawSipMessage m = read(INVITE.replace("Content-Length: 4", "Content-Length: 400"));
        assertEquals(Refusal.BAD_CONTENT_LENGTH, m.refusal());
        assertEquals("Content-Length 400 but 4 body bytes", m.problem());
        assertTrue(m.answerable(), "enough headers for a 400");
        assertEquals(Refusal.BAD_CONTENT_LENGTH, read(INVITE.replace("Content-Length: 4", "l: -1")).refusal());
        assertEquals(Refusal.BAD_CONTENT_LENGTH, read(INVITE.replace("Content-Length: 4", "Content-Length: x")).refusal());
        // Shorter than the body is allowed on UDP (RFC 3261 §18.3: the rest is ignored).
        assertNull(read(INVITE.replace("Content-Length: 4", "Content-Length: 2")).problem());
    }

    @Test
    void aStatelessAnswerCopiesTheHeadersAndAddsATag() {
        String r = new String(StatelessResponse.to(read(INVITE), 503, "Service Unavailable", 2),
                StandardCharsets.ISO_8859_1);
        assertTrue(r.startsWith("SIP/2.0 503 Service Unavailable\r\n"), r);
        assertTrue(r.contains("Via: SIP/2.0/UDP 127.0.0.1:6000;branch=z9hG4bK1\r\nVia: SIP/2.0/UDP 10.0.0.1:5060"), r);
        assertTrue(r.contains("To: <sip:1001@127.0.0.1>;tag="), r);
        assertTrue(r.contains("CSeq: 1 INVITE\r\n"), r);
        assertTrue(r.contains("Retry-After: 2\r\n"), r);
        RawSipMessage back = read(r);
        assertTrue(back.ok(), back.problem());
        assertEquals(503, back.status());
    }
}
