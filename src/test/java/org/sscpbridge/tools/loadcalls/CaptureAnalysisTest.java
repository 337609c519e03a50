package org.sscpbridge.tools.loadcalls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaptureAnalysisTest {
    private static final InetSocketAddress PHONE = new InetSocketAddress("127.0.1.1", 40000);
    private static final String CALL_ID = "abc@127.0.0.1";

    private final CaptureAnalysis analysis = new CaptureAnalysis(2000, 5060, 5070, 5080, Map.of("20001", PHONE));
    private final Map<InetSocketAddress, CaptureAnalysis.Timeline> current = new HashMap<>();
    private final Map<String, CaptureAnalysis.Timeline> bySipCallId = new HashMap<>();

    private static String request(String method, String cseqMethod) {
        return method + " sip:5000@127.0.0.1 SIP/2.0\r\nFrom: \"Load\" <sip:20001@127.0.0.1>;tag=1\r\n"
                + "To: <sip:5000@127.0.0.1>\r\nCall-ID: " + CALL_ID + "\r\nCSeq: 1 " + cseqMethod + "\r\n\r\n";
    }

    private static String response(int status, String method) {
        return "SIP/2.0 " + status + " X\r\nFrom: <sip:20001@127.0.0.1>;tag=1\r\ni: " + CALL_ID + "\r\nCSeq: 1 "
                + method + "\r\n\r\n";
    }

    private CaptureAnalysis.Timeline call() {
        CaptureAnalysis.Timeline c = new CaptureAnalysis.Timeline(PHONE, 1);
        c.mediaInfo = 2;
        current.put(PHONE, c);
        return c;
    }

    private void feed(List<Object[]> events) {
        for (Object[] e : events) {
            analysis.onSip((String) e[0], (Boolean) e[1], (Long) e[2], current, bySipCallId);
        }
    }

    @Test
    void theAckOfTheChallengeIsNotTheAckOfTheAnswer() {
        CaptureAnalysis.Timeline c = call();
        feed(List.of(
                new Object[] {request("INVITE", "INVITE"), true, 10L},
                new Object[] {response(407, "INVITE"), false, 11L},
                new Object[] {request("ACK", "ACK"), true, 12L},
                new Object[] {request("INVITE", "INVITE"), true, 13L},
                new Object[] {response(180, "INVITE"), false, 14L},
                new Object[] {response(200, "INVITE"), false, 20L},
                new Object[] {request("ACK", "ACK"), true, 21L},
                new Object[] {response(200, "INVITE"), false, 30L},
                new Object[] {request("ACK", "ACK"), true, 31L}));

        assertEquals(10, c.invite, "the first INVITE the bridge sent");
        assertEquals(14, c.ringing);
        assertEquals(20, c.ok, "the first copy of the 200");
        assertEquals(21, c.ack, "the first ACK after the 200, not the 407's ACK nor a retransmission's");
        assertEquals(CALL_ID, c.sipCallId);
    }

    @Test
    void anAckWithoutA200IsNotCounted() {
        CaptureAnalysis.Timeline c = call();
        feed(List.of(
                new Object[] {request("INVITE", "INVITE"), true, 10L},
                new Object[] {response(486, "INVITE"), false, 11L},
                new Object[] {request("ACK", "ACK"), true, 12L}));

        assertEquals(0, c.ok);
        assertEquals(0, c.ack);
    }
}
