package org.sscpbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sscpbridge.it.support.BridgeProcess;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.it.support.KamailioServer;
import org.sscpbridge.it.support.SippProcess;
import org.sscpbridge.it.support.TestPhone;
import org.sscpbridge.it.support.TsharkCapture;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallId;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.MediaDirection;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.SoftKey;

/**
 * SPEC §6, "the far end's actions are shown too": a SIP far end (SIPp through a real Kamailio)
 * holds and resumes a phone's call, transfers it with REFER, and tries to replace a dialog that
 * does not exist; the phone (simulated, line 3202) follows as the spec says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FarEndFeaturesIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String DEV_A = "SEP0000000032A1";
    private static final String DEV_B = "SEP0000000032B2";

    @TempDir
    static Path work;

    private KamailioServer kamailio;
    private BridgeProcess bridge;
    private InetSocketAddress sscp;
    private TestPhone a;
    private TestPhone b;
    private final Deque<AutoCloseable> running = new ArrayDeque<>();

    @BeforeAll
    void start() throws Exception {
        kamailio = KamailioServer.start(work, Map.of("3201", "pw3201", "3202", "pw3202"));
        int sscpPort = FreePorts.udp();
        sscp = new InetSocketAddress("127.0.0.1", sscpPort);
        bridge = BridgeProcess.start(work, Map.of(
                "sscp.address", "127.0.0.1",
                "sscp.port", String.valueOf(sscpPort),
                "sip.port", String.valueOf(FreePorts.udp()),
                "sip.registrar", kamailio.uri(),
                "interdigit.timeout", "2",
                "data.dir", work.resolve("data").toString()), Map.of(
                "sscp.device-a", Map.of("device.id", DEV_A, "line1.number", "3201",
                        "line1.password", "pw3201", "line1.name", "Alice"),
                "sscp.device-b", Map.of("device.id", DEV_B, "line1.number", "3202",
                        "line1.password", "pw3202", "line1.name", "Bob")));
        Thread.sleep(1_500);
        a = registered(DEV_A, "3201");
        b = registered(DEV_B, "3202");
        Thread.sleep(500);
        a.forget();
        b.forget();
    }

    private TestPhone registered(String device, String line) throws Exception {
        TestPhone p = new TestPhone(sscp);
        p.send(new PhoneMessage.Register(device, "AP-IP300", "1.0", null, null));
        p.await(BridgeMessage.RegisterAck.class);
        p.await(BridgeMessage.Display.class, d -> d.text().equals("Line " + line + ": registered"), WAIT);
        return p;
    }

    @AfterEach
    void noCallLeftBehind() throws Exception {
        try {
            String calls = bridge.run("sscp:calls");
            if (!calls.contains("0 calls")) {
                // A failed test: end what is left so the next test starts clean.
                Matcher m = Pattern.compile("(?m)^(\\d{8})\\s+(SEP\\S+)").matcher(calls);
                while (m.find()) {
                    TestPhone p = m.group(2).equals(DEV_A) ? a : m.group(2).equals(DEV_B) ? b : null;
                    if (p != null) {
                        p.send(new PhoneMessage.SoftKeyEvent(SoftKey.END_CALL, new CallId(m.group(1)), null));
                    }
                }
                Thread.sleep(500);
                a.send(new PhoneMessage.OnHook(null));
                b.send(new PhoneMessage.OnHook(null));
            }
            bridge.awaitOutput("sscp:calls", "0 calls", WAIT);
        } finally {
            while (!running.isEmpty()) {
                running.pop().close();
            }
            Thread.sleep(300);
            a.forget();
            b.forget();
        }
    }

    @AfterAll
    void stop() throws Exception {
        while (!running.isEmpty()) {
            running.pop().close();
        }
        for (AutoCloseable c : new AutoCloseable[] {a, b}) {
            if (c != null) {
                c.close();
            }
        }
        if (bridge != null) {
            bridge.close();
        }
        if (kamailio != null) {
            kamailio.close();
        }
    }

    private <T extends AutoCloseable> T running(T process) {
        running.push(process);
        return process;
    }

    private static Predicate<BridgeMessage.CallState> is(CallId call, CallStateName s) {
        return cs -> cs.callId().equals(call) && cs.state() == s;
    }

    private static Predicate<BridgeMessage.CallState> ringingFrom(String number) {
        return cs -> cs.state() == CallStateName.RING_IN && cs.party() != null && number.equals(cs.party().number());
    }

    private SippProcess caller(String scenario, Map<String, String> values, String number) throws Exception {
        return running(SippProcess.start(work, scenario, values, "127.0.0.1:" + kamailio.port(), "-s", number));
    }

    private static void assertScenarioPassed(SippProcess sipp) throws InterruptedException {
        assertEquals(0, sipp.await(30), "SIPp scenario failed:\n" + sipp.output());
    }

    /**
     * 22: the far end holds (re-INVITE sendonly): it gets the phone's SDP recvonly (checked by
     * SIPp), the phone gets StartMedia RecvOnly and stays Connected; sendrecv restores it; the far
     * end's BYE ends the call. The SIP on Kamailio's port, captured with tshark, is well formed.
     */
    @Test
    void farEndHoldAndResumeAreShownAsMediaDirection() throws Exception {
        Path pcap = work.resolve("far-end-hold.pcapng");
        TsharkCapture capture = running(TsharkCapture.start(pcap, "udp port " + kamailio.port(),
                concat(sipOn(kamailio.port()), "-T", "fields", "-E", "separator=|", "-e", "sip.Method",
                        "-e", "sip.Status-Code", "-e", "sip.CSeq.method")));
        SippProcess uac = caller("uac-reinvite-direction.xml", Map.of(), "3202");
        CallId call = b.await(BridgeMessage.CallState.class, ringingFrom("4100"), WAIT).callId();
        b.send(new PhoneMessage.OffHook(null));
        BridgeMessage.StartMedia first = b.await(BridgeMessage.StartMedia.class, m -> m.callId().equals(call), WAIT);
        assertEquals(uac.mediaPort(), first.remote().port());
        assertEquals(MediaDirection.SEND_RECV, first.direction());
        b.await(BridgeMessage.CallState.class, is(call, CallStateName.CONNECTED), WAIT);

        BridgeMessage.StartMedia held = b.await(BridgeMessage.StartMedia.class, m -> m.callId().equals(call), WAIT);
        assertEquals(MediaDirection.RECV_ONLY, held.direction(), held.toString());
        assertEquals(uac.mediaPort(), held.remote().port());
        assertTrue(bridge.run("sscp:calls").contains("Connected"), "the call stays Connected while held");

        BridgeMessage.StartMedia resumed = b.await(BridgeMessage.StartMedia.class, m -> m.callId().equals(call), WAIT);
        assertEquals(MediaDirection.SEND_RECV, resumed.direction(), resumed.toString());

        b.await(BridgeMessage.CallState.class, is(call, CallStateName.IDLE), WAIT);
        assertFalse(b.receives(BridgeMessage.CallState.class, cs -> cs.state() == CallStateName.HOLD,
                Duration.ofMillis(10)), "a far-end hold is not the phone's Hold");
        assertScenarioPassed(uac);
        b.send(new PhoneMessage.OnHook(null));

        // The 200 for the BYE passes Kamailio twice (bridge -> Kamailio -> SIPp): the last packet of the call.
        int at = capture.awaitPrinted(0, "|200|BYE"::equals, WAIT);
        capture.awaitPrinted(at + 1, "|200|BYE"::equals, WAIT);
        capture.stop();
        String[] decode = sipOn(kamailio.port());
        List<String> bad = TsharkCapture.read(pcap, concat(decode, "-Y", "_ws.malformed || _ws.expert.severity == error"));
        assertTrue(bad.isEmpty(), "malformed SIP/SDP or expert errors in the capture:\n" + String.join("\n", bad));
        List<String> invites = TsharkCapture.read(pcap, concat(decode, "-Y", "sip.Method == \"INVITE\"", "-T", "fields",
                "-e", "sip.CSeq.seq"));
        assertTrue(invites.stream().distinct().count() >= 3, "INVITE and two re-INVITEs captured: " + invites);
        List<String> directions = TsharkCapture.read(pcap, concat(decode, "-Y", "sdp", "-T", "fields",
                "-e", "sdp.media_attr"));
        assertTrue(directions.stream().anyMatch(l -> l.contains("recvonly")), "the phone's recvonly SDP: " + directions);
    }

    /**
     * 23: the far end REFERs the phone's call to another SIPp (RFC 3515): 202, NOTIFYs up to
     * "200 OK" (checked by SIPp); the phone sees a new call connected to the target and the old
     * one ended by the far end's BYE.
     */
    @Test
    void aReferFromTheFarEndMovesThePhoneToTheTarget() throws Exception {
        SippProcess target = running(SippProcess.start(work, "uas-answer.xml", null));
        kamailio.replaceBinding("5820", "sip:5820@127.0.0.1:" + target.sipPort());
        SippProcess uac = caller("uac-refer.xml", Map.of("target", "5820"), "3202");
        CallId call = b.await(BridgeMessage.CallState.class, ringingFrom("4100"), WAIT).callId();
        b.send(new PhoneMessage.OffHook(null));
        b.await(BridgeMessage.CallState.class, is(call, CallStateName.CONNECTED), WAIT);

        BridgeMessage.StartMedia moved = b.await(BridgeMessage.StartMedia.class,
                m -> !m.callId().equals(call) && m.remote().port() == target.mediaPort(), WAIT);
        b.await(BridgeMessage.CallState.class, is(moved.callId(), CallStateName.CONNECTED), WAIT);
        b.await(BridgeMessage.CallState.class, is(call, CallStateName.IDLE), WAIT);
        assertScenarioPassed(uac);
        bridge.awaitOutput("sscp:calls", "1 call", WAIT);

        b.send(new PhoneMessage.OnHook(null));
        b.await(BridgeMessage.CallState.class, is(moved.callId(), CallStateName.IDLE), WAIT);
        assertScenarioPassed(target);
    }

    /** 24: an INVITE whose Replaces names no dialog of the bridge gets 481, and the phone does not ring. */
    @Test
    void replacesForAnUnknownDialogIsRefusedWith481() throws Exception {
        SippProcess uac = caller("uac-replaces-unknown.xml", Map.of(), "3202");
        assertScenarioPassed(uac);
        assertFalse(b.receives(BridgeMessage.CallState.class, cs -> cs.state() == CallStateName.RING_IN,
                Duration.ofSeconds(1)), "B must not ring");
    }

    /** tshark options that decode Kamailio's (random) port as SIP (as MediaPathIT does). */
    private static String[] sipOn(int port) {
        return new String[] {"-o", "udp.try_heuristic_first:TRUE", "-d", "udp.port==" + port + ",sip"};
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
