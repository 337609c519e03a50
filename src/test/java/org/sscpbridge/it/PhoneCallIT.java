package org.sscpbridge.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.RingerMode;
import org.sscpbridge.sscp.message.ToneType;

/** Step 5: SSCP phones call each other through the bridge and a real Kamailio (SPEC §5). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PhoneCallIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path work;

    private KamailioServer kamailio;
    private BridgeProcess bridge;
    private InetSocketAddress sscp;
    private TestPhone a;
    private TestPhone b;

    @BeforeAll
    void start() throws Exception {
        kamailio = KamailioServer.start(work, Map.of("3001", "pw3001", "3002", "pw3002"));
        int sscpPort = FreePorts.udp();
        sscp = new InetSocketAddress("127.0.0.1", sscpPort);
        bridge = BridgeProcess.start(work, Map.of(
                "sscp.address", "127.0.0.1",
                "sscp.port", String.valueOf(sscpPort),
                "sip.port", String.valueOf(FreePorts.udp()),
                "sip.registrar", kamailio.uri(),
                "interdigit.timeout", "2"), Map.of(
                "sscp.device-a", Map.of("device.id", "SEP0000000030A1", "line1.number", "3001",
                        "line1.password", "pw3001", "line1.name", "Alice", "speeddial1", "3002 Bob"),
                "sscp.device-b", Map.of("device.id", "SEP0000000030B2", "line1.number", "3002",
                        "line1.password", "pw3002", "line1.name", "Bob")));
        Thread.sleep(1_500);
        a = registered("SEP0000000030A1", "3001");
        b = registered("SEP0000000030B2", "3002");
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
        bridge.awaitOutput("sscp:calls", "0 calls", WAIT);
        Thread.sleep(300);
        a.forget();
        b.forget();
    }

    @AfterAll
    void stop() throws Exception {
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

    private static java.util.function.Predicate<BridgeMessage.CallState> state(CallStateName s) {
        return c -> c.state() == s;
    }

    @Test
    void phoneACallsPhoneBAndBothHangUpCleanly() throws Exception {
        a.send(new PhoneMessage.OffHook(null));
        a.await(BridgeMessage.CallState.class, state(CallStateName.OFF_HOOK), WAIT);
        assertEquals(ToneType.DIAL, a.await(BridgeMessage.Tone.class).tone());
        for (char d : "3002".toCharArray()) {
            a.send(new PhoneMessage.Digit(d, null));
        }
        a.await(BridgeMessage.CallState.class, state(CallStateName.DIALING), WAIT);
        a.await(BridgeMessage.CallState.class, state(CallStateName.PROCEED), WAIT);

        BridgeMessage.CallState ringIn = b.await(BridgeMessage.CallState.class, state(CallStateName.RING_IN), WAIT);
        assertEquals("3001", ringIn.party().number());
        assertEquals("Alice", ringIn.party().name());
        assertEquals(RingerMode.INSIDE, b.await(BridgeMessage.Ringer.class).mode());
        a.await(BridgeMessage.CallState.class, state(CallStateName.RING_OUT), WAIT);
        a.await(BridgeMessage.Tone.class, t -> t.tone() == ToneType.RING_BACK, WAIT);
        String calls = bridge.run("sscp:calls");
        assertTrue(calls.contains("2 calls"), calls);

        b.send(new PhoneMessage.OffHook(null));
        BridgeMessage.StartMedia toB = a.await(BridgeMessage.StartMedia.class, m -> true, WAIT);
        assertEquals(b.mediaPort(), toB.remote().port(), "A must send RTP to B's phone directly");
        BridgeMessage.StartMedia toA = b.await(BridgeMessage.StartMedia.class, m -> true, WAIT);
        assertEquals(a.mediaPort(), toA.remote().port(), "B must send RTP to A's phone directly");
        a.await(BridgeMessage.CallState.class, state(CallStateName.CONNECTED), WAIT);
        b.await(BridgeMessage.CallState.class, state(CallStateName.CONNECTED), WAIT);
        String connected = bridge.awaitOutput("sscp:calls", "Connected", WAIT);
        assertTrue(connected.contains("SEP0000000030A1") && connected.contains("SEP0000000030B2"), connected);
        // Kamailio challenged A's INVITE (407): the stack ends that first, early dialog seconds
        // later; the call must outlive it.
        Thread.sleep(12_000);
        assertTrue(bridge.run("sscp:calls").contains("2 calls"), "the call ended with the challenged dialog");

        a.send(new PhoneMessage.OnHook(null));
        a.await(BridgeMessage.StopMedia.class);
        a.await(BridgeMessage.CallState.class, state(CallStateName.IDLE), WAIT);
        b.await(BridgeMessage.StopMedia.class);
        b.await(BridgeMessage.CallState.class, state(CallStateName.IDLE), WAIT);
        b.send(new PhoneMessage.OnHook(null));
    }

    @Test
    void callerHangsUpWhileRingingAndTheCalleeSeesAMissedCall() throws Exception {
        a.send(new PhoneMessage.Dial("3002", null));
        b.await(BridgeMessage.CallState.class, state(CallStateName.RING_IN), WAIT);
        a.await(BridgeMessage.CallState.class, state(CallStateName.RING_OUT), WAIT);
        a.send(new PhoneMessage.OnHook(null));
        a.await(BridgeMessage.CallState.class, state(CallStateName.IDLE), WAIT);
        assertEquals(RingerMode.OFF, b.await(BridgeMessage.Ringer.class, r -> r.mode() == RingerMode.OFF, WAIT).mode());
        b.await(BridgeMessage.CallState.class, state(CallStateName.IDLE), WAIT);
        b.send(new PhoneMessage.CallHistory(new PhoneMessage.HistoryQuery(
                org.sscpbridge.sscp.message.HistoryType.MISSED, 5)));
        BridgeMessage.CallHistoryResult missed = b.await(BridgeMessage.CallHistoryResult.class);
        assertEquals("3001", missed.entries().get(0).number());
    }

    @Test
    void calleeHangsUpAfterAnsweringWithBye() throws Exception {
        a.send(new PhoneMessage.SpeedDial(1));
        b.await(BridgeMessage.CallState.class, state(CallStateName.RING_IN), WAIT);
        b.send(new PhoneMessage.SoftKeyEvent(org.sscpbridge.sscp.message.SoftKey.ANSWER, null, null));
        a.await(BridgeMessage.CallState.class, state(CallStateName.CONNECTED), WAIT);
        b.await(BridgeMessage.CallState.class, state(CallStateName.CONNECTED), WAIT);
        b.send(new PhoneMessage.OnHook(null));
        b.await(BridgeMessage.CallState.class, state(CallStateName.IDLE), WAIT);
        a.await(BridgeMessage.StopMedia.class);
        a.await(BridgeMessage.CallState.class, state(CallStateName.IDLE), WAIT);
        a.send(new PhoneMessage.OnHook(null));
    }

    @Test
    void aPhoneCallsASipFarEndThatAnswersAndThePhoneHangsUp() throws Exception {
        try (SippProcess uas = SippProcess.start(work, "uas-answer.xml", null)) {
            kamailio.addBinding("4001", "sip:4001@127.0.0.1:" + uas.sipPort());
            a.send(new PhoneMessage.Dial("4001", null));
            a.await(BridgeMessage.CallState.class, state(CallStateName.RING_OUT), WAIT);
            BridgeMessage.StartMedia media = a.await(BridgeMessage.StartMedia.class, m -> true, WAIT);
            assertEquals(uas.mediaPort(), media.remote().port(), "RTP goes to the far end directly");
            assertEquals("PCMU", media.codec().name());
            a.await(BridgeMessage.CallState.class, state(CallStateName.CONNECTED), WAIT);
            a.send(new PhoneMessage.OnHook(null));
            a.await(BridgeMessage.CallState.class, state(CallStateName.IDLE), WAIT);
            assertEquals(0, uas.await(30), uas.output());
        }
    }

    @Test
    void farEndRefusalsAreShownAsTheSpecSays() throws Exception {
        Map<String, CallStateName> expected = Map.of("486", CallStateName.BUSY, "404", CallStateName.INVALID_NUMBER,
                "503", CallStateName.CONGESTION);
        int user = 4010;
        for (var e : expected.entrySet()) {
            try (SippProcess uas = SippProcess.start(work, "uas-reject.xml", Map.of("status", e.getKey()), null)) {
                String number = String.valueOf(user++);
                kamailio.addBinding(number, "sip:" + number + "@127.0.0.1:" + uas.sipPort());
                a.send(new PhoneMessage.Dial(number, null));
                a.await(BridgeMessage.CallState.class, state(e.getValue()), WAIT);
                a.send(new PhoneMessage.OnHook(null));
                a.await(BridgeMessage.CallState.class, state(CallStateName.IDLE), WAIT);
                assertEquals(0, uas.await(30), uas.output());
                a.forget();
            }
        }
    }

    @Test
    void aSipCallerReachesAPhoneWhichAnswersAndTheCallerHangsUp() throws Exception {
        try (SippProcess uac = SippProcess.start(work, "uac-call.xml", "127.0.0.1:" + kamailio.port(),
                "-s", "3002")) {
            BridgeMessage.CallState ring = b.await(BridgeMessage.CallState.class, state(CallStateName.RING_IN), WAIT);
            assertEquals("4100", ring.party().number());
            assertEquals("SIPp Caller", ring.party().name());
            b.send(new PhoneMessage.OffHook(null));
            BridgeMessage.StartMedia media = b.await(BridgeMessage.StartMedia.class, m -> true, WAIT);
            assertEquals(uac.mediaPort(), media.remote().port());
            b.await(BridgeMessage.CallState.class, state(CallStateName.CONNECTED), WAIT);
            b.await(BridgeMessage.StopMedia.class);
            b.await(BridgeMessage.CallState.class, state(CallStateName.IDLE), WAIT);
            assertEquals(0, uac.await(30), uac.output());
            b.send(new PhoneMessage.OnHook(null));
        }
    }

    @Test
    void aForwardSetFromTheConsoleSendsCallersOnAndThePhoneIsShown() throws Exception {
        try (SippProcess uas = SippProcess.start(work, "uas-answer.xml", null)) {
            kamailio.addBinding("4020", "sip:4020@127.0.0.1:" + uas.sipPort());
            String out = bridge.run("sscp:forward SEP0000000030B2 all 4020");
            assertTrue(out.contains("all       4020"), out);
            BridgeMessage.ForwardStatus status = b.await(BridgeMessage.ForwardStatus.class);
            assertTrue(status.forwards().stream().anyMatch(f -> f.active() && "4020".equals(f.number())), status.toString());

            a.send(new PhoneMessage.Dial("3002", null));
            BridgeMessage.StartMedia media = a.await(BridgeMessage.StartMedia.class, m -> true, WAIT);
            assertEquals(uas.mediaPort(), media.remote().port(), "the call reached the forward target");
            a.await(BridgeMessage.CallState.class, state(CallStateName.CONNECTED), WAIT);
            assertTrue(b.receives(BridgeMessage.Ringer.class, Duration.ofMillis(300)) == false, "B must not ring");
            a.send(new PhoneMessage.OnHook(null));
            a.await(BridgeMessage.CallState.class, state(CallStateName.IDLE), WAIT);
            assertEquals(0, uas.await(30), uas.output());
        } finally {
            String out = bridge.run("sscp:forward SEP0000000030B2 all off");
            assertTrue(out.contains("all       off"), out);
        }
    }

    @Test
    void anUnknownNumberShowsInvalidNumberWithReorder() throws Exception {
        a.send(new PhoneMessage.Dial("3999", null));
        a.await(BridgeMessage.CallState.class, state(CallStateName.INVALID_NUMBER), WAIT);
        a.await(BridgeMessage.Tone.class, t -> t.tone() == ToneType.REORDER, WAIT);
        a.send(new PhoneMessage.OnHook(null));
        a.await(BridgeMessage.CallState.class, state(CallStateName.IDLE), WAIT);
    }

    @Test
    void aBusyPhoneMakesTheCallerHearBusy() throws Exception {
        b.send(new PhoneMessage.OffHook(null));
        b.await(BridgeMessage.CallState.class, state(CallStateName.OFF_HOOK), WAIT);
        a.send(new PhoneMessage.Dial("3002", null));
        a.await(BridgeMessage.CallState.class, state(CallStateName.BUSY), WAIT);
        a.await(BridgeMessage.Tone.class, t -> t.tone() == ToneType.BUSY, WAIT);
        a.send(new PhoneMessage.OnHook(null));
        b.send(new PhoneMessage.OnHook(null));
        a.await(BridgeMessage.CallState.class, state(CallStateName.IDLE), WAIT);
        b.await(BridgeMessage.CallState.class, state(CallStateName.IDLE), WAIT);
    }
}
