package org.sscpbridge.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sscpbridge.it.support.BaresipProcess;
import org.sscpbridge.it.support.BridgeProcess;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.it.support.KamailioServer;
import org.sscpbridge.it.support.ScriptedPhone;
import org.sscpbridge.it.support.SippProcess;
import org.sscpbridge.it.support.TsharkCapture;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.SoftKey;

/**
 * Step 5, the media path (SPEC §5: "media flows between the phone and the far end directly"):
 * simulated phones ({@code bin/sscp-phone --script}, real RTP sockets) call through the bridge
 * (real Felix) and a real Kamailio, to each other and to a real baresip, and RTP is counted at
 * both ends. Every process is started here and stopped here, also when a test fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MediaPathIT {
    private static final Duration SCRIPT_END = Duration.ofSeconds(40);
    private static final Duration WAIT = Duration.ofSeconds(15);

    // One device per test, so that no test meets the binding a finished phone left (SPEC §4: a new
    // address for a live device is refused with 409).
    private static final String PHONE_A = "SEP0000000050A1";
    private static final String PHONE_B = "SEP0000000050B2";
    private static final String PHONE_C = "SEP0000000050C3";
    private static final String PHONE_D = "SEP0000000050D4";
    /** Transfers: the transferor (a TestPhone, which sends no RTP), the transferee and the target. */
    private static final String BLIND_A = "SEP0000000051A1";
    private static final String BLIND_B = "SEP0000000051B2";
    private static final String BLIND_C = "SEP0000000051C3";
    private static final String ATTENDED_A = "SEP0000000052A1";
    private static final String ATTENDED_B = "SEP0000000052B2";
    private static final String ATTENDED_C = "SEP0000000052C3";

    @TempDir
    static Path work;

    private KamailioServer kamailio;
    private BridgeProcess bridge;
    private int sscpPort;
    /** Processes of the running test, closed after it in reverse order of start. */
    private final Deque<AutoCloseable> running = new ArrayDeque<>();

    @BeforeAll
    void start() throws Exception {
        Map<String, String> subscribers = new java.util.HashMap<>();
        for (String n : List.of("5101", "5102", "5103", "5104", "5001", "5111", "5112", "5113", "5121", "5122", "5123")) {
            subscribers.put(n, "pw" + n);
        }
        kamailio = KamailioServer.start(work, subscribers);
        sscpPort = FreePorts.udp();
        Map<String, Map<String, String>> devices = new java.util.HashMap<>(Map.of(
                "sscp.device-a", device(PHONE_A, "5101", "Alice"),
                "sscp.device-b", device(PHONE_B, "5102", "Bob"),
                "sscp.device-c", device(PHONE_C, "5103", "Carol"),
                "sscp.device-d", device(PHONE_D, "5104", "Dave")));
        devices.putAll(Map.of(
                "sscp.device-ba", device(BLIND_A, "5111", "Transferor"),
                "sscp.device-bb", device(BLIND_B, "5112", "Transferee"),
                "sscp.device-bc", device(BLIND_C, "5113", "Target"),
                "sscp.device-aa", device(ATTENDED_A, "5121", "Transferor"),
                "sscp.device-ab", device(ATTENDED_B, "5122", "Transferee"),
                "sscp.device-ac", device(ATTENDED_C, "5123", "Target")));
        bridge = BridgeProcess.start(work, Map.of(
                "sscp.address", "127.0.0.1",
                "sscp.port", String.valueOf(sscpPort),
                "sip.port", String.valueOf(FreePorts.udp()),
                "sip.registrar", kamailio.uri(),
                "keepalive", "5",
                "data.dir", work.resolve("data").toString()), devices);
        // FileInstall hands the device files over shortly after the console is up; SCR then lists
        // each one as an active DeviceComponent (the bridge is its only user).
        for (String id : List.of(PHONE_A, PHONE_B, PHONE_C, PHONE_D, BLIND_A, BLIND_B, BLIND_C, ATTENDED_A,
                ATTENDED_B, ATTENDED_C)) {
            bridge.awaitOutput("scr:info org.sscpbridge.osgi.DeviceComponent", "device.id<String> = " + id, WAIT);
        }
    }

    private static Map<String, String> device(String id, String number, String name) {
        return Map.of("device.id", id, "line1.number", number, "line1.password", "pw" + number, "line1.name", name);
    }

    private <T extends AutoCloseable> T running(T process) {
        running.push(process);
        return process;
    }

    @AfterEach
    void stopTheTestsProcesses() throws Exception {
        Exception first = null;
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
        bridge.awaitOutput("sscp:calls", "0 calls", WAIT);
    }

    @AfterAll
    void stop() throws Exception {
        while (!running.isEmpty()) {
            running.pop().close();
        }
        if (bridge != null) {
            bridge.close();
        }
        if (kamailio != null) {
            kamailio.close();
        }
    }

    private ScriptedPhone phone(String device, int mediaPort, String script) throws Exception {
        return running(ScriptedPhone.start(work, sscpPort, device, mediaPort, script));
    }

    /** The first lines of every script: registered at the bridge, and its line at Kamailio. */
    private static String registered(String number) {
        return """
                expect RegisterAck within 15
                expect Display text="Line %s: registered" within 15
                """.formatted(number);
    }

    /**
     * Phone A calls phone B through the bridge and Kamailio; each phone is told the other's RTP
     * address in StartMedia and receives at least 50 RTP packets from it: audio flows directly,
     * both ways. The SIP of the call, captured with tshark on lo, is well formed and complete.
     */
    @Test
    void twoPhonesCallEachOtherAudioFlowsBothWaysAndTheSipIsClean() throws Exception {
        int mediaA = FreePorts.udp();
        int mediaB = FreePorts.udp();
        Path pcap = work.resolve("phone-to-phone.pcapng");
        TsharkCapture capture = running(TsharkCapture.start(pcap, "udp port " + kamailio.port(),
                concat(sipOn(kamailio.port()), "-T", "fields", "-E", "separator=|", "-e", "sip.Method",
                        "-e", "sip.Status-Code", "-e", "sip.CSeq.method")));

        ScriptedPhone b = phone(PHONE_B, mediaB, registered("5102") + """
                expect CallState state=RingIn Party.number=5101 within 30
                offhook
                expect StartMedia Remote.ip=127.0.0.1 Remote.port=%d within 10
                expect CallState state=Connected within 10
                expect rtp received>=50 within 10
                expect StopMedia within 30
                expect CallState state=Idle within 10
                onhook
                """.formatted(mediaA));
        await().atMost(WAIT).until(() -> kamailio.hasBinding("5102"));

        ScriptedPhone a = phone(PHONE_A, mediaA, registered("5101") + """
                offhook
                expect CallState state=OffHook
                dial 5102
                expect CallState state=RingOut within 10
                expect StartMedia Remote.ip=127.0.0.1 Remote.port=%d within 30
                expect CallState state=Connected Party.number=5102 within 10
                # sent>=75: B, which answered first and so started sending first, gets its 50 too
                expect rtp received>=50 sent>=75 within 10
                onhook
                expect StopMedia within 10
                expect CallState state=Idle within 10
                """.formatted(mediaB));

        a.assertSucceeds(SCRIPT_END);
        b.assertSucceeds(SCRIPT_END);
        bridge.awaitOutput("sscp:calls", "0 calls", WAIT);
        // The 200 for BYE passes Kamailio twice (bridge -> Kamailio -> bridge): the last packet of the call.
        int first = capture.awaitPrinted(0, "|200|BYE"::equals, WAIT);
        capture.awaitPrinted(first + 1, "|200|BYE"::equals, WAIT);
        capture.stop();

        assertSipCaptureIsCleanAndHoldsTheWholeCall(pcap, kamailio.port());
    }

    /**
     * Phone C calls a real baresip registered at Kamailio, which answers by itself and sends a
     * 440 Hz tone: the phone receives at least 50 RTP packets from it, and baresip's own
     * statistics (and the received audio it decoded to a WAV file) show at least 50 packets from
     * the phone's RTP port.
     */
    @Test
    void aPhoneCallsBaresipAndAudioFlowsBothWays() throws Exception {
        BaresipProcess baresip = running(BaresipProcess.start(work, kamailio, "5001", "pw5001"));
        baresip.awaitRegistered(WAIT);
        int mediaC = FreePorts.udp();
        ScriptedPhone c = phone(PHONE_C, mediaC, registered("5103") + """
                offhook
                expect CallState state=OffHook
                dial 5001
                expect StartMedia Remote.ip=127.0.0.1 within 15
                expect CallState state=Connected Party.number=5001 within 10
                # sent>=75: baresip has had 1.5 s of the phone's audio when the phone hangs up
                expect rtp received>=50 sent>=75 within 10
                onhook
                expect StopMedia within 10
                expect CallState state=Idle within 10
                """);
        c.assertSucceeds(SCRIPT_END);

        BaresipProcess.CallStatistics stats = baresip.awaitCallStatistics(WAIT);
        assertTrue(stats.received() >= 50, "baresip received " + stats.received() + " RTP packets:\n" + baresip.output());
        assertTrue(stats.sent() >= 50, "baresip sent " + stats.sent() + " RTP packets:\n" + baresip.output());
        assertEquals(mediaC, baresip.rtpSourcePort(), "baresip gets RTP from the phone's own RTP socket:\n"
                + baresip.output());
        // PCMU at 8 kHz decodes to 320 bytes of 16-bit samples per 20 ms packet.
        long decoded = baresip.decodedAudioBytes();
        assertTrue(decoded >= 50 * 320, "baresip decoded " + decoded + " bytes of received audio");
    }

    /**
     * Phone D is connected to a SIP far end (SIPp) and vanishes (its process is killed: no OnHook,
     * no Unregister). After three silent keepalive intervals (keepalive = 5 s) the bridge drops
     * the phone and ends its call with BYE: SIPp's scenario ends only after that BYE, answered.
     */
    @Test
    void aPhoneThatVanishesMidCallHasItsCallEndedWithBye() throws Exception {
        SippProcess farEnd = running(SippProcess.start(work, "uas-answer.xml", null));
        kamailio.addBinding("4001", "sip:4001@127.0.0.1:" + farEnd.sipPort());
        ScriptedPhone d = phone(PHONE_D, FreePorts.udp(), registered("5104") + """
                dial 4001
                expect StartMedia Remote.ip=127.0.0.1 Remote.port=%d within 15
                expect CallState state=Connected Party.number=4001 within 10
                sleep 60
                """.formatted(farEnd.mediaPort()));
        d.log().await(0, l -> l.endsWith("> sleep 60") || l.contains(" line ") && l.contains("expected"), WAIT);
        assertTrue(d.isAlive(), "the phone's script failed before the call was up:\n" + d.output());
        String calls = bridge.run("sscp:calls");
        assertTrue(calls.contains("1 call"), "the call is up: " + calls);

        d.kill();
        // Dropped 15..20 s after its last KeepAlive (3 intervals, checked once per interval).
        int status = farEnd.await(40);
        assertEquals(0, status, "SIPp must receive BYE and answer it:\n" + farEnd.output());
        bridge.awaitOutput("sscp:calls", "0 calls", WAIT);
        assertTrue(bridge.log().lines().stream().anyMatch(l -> l.contains(PHONE_D) && l.contains("dropped")),
                "the bridge says why the call ended:\n" + String.join("\n", bridge.log().lines()));
    }

    /**
     * Every packet of the capture is SIP (decoded as such), none is malformed or carries an
     * expert error, and the call's dialog is all there: INVITE, 180, 200, ACK, BYE and its 200.
     */
    private static void assertSipCaptureIsCleanAndHoldsTheWholeCall(Path pcap, int sipPort) throws Exception {
        String[] decode = sipOn(sipPort);
        List<String> all = TsharkCapture.read(pcap, concat(decode, "-T", "fields", "-e", "frame.number"));
        List<String> sip = TsharkCapture.read(pcap, concat(decode, "-Y", "sip", "-T", "fields", "-e", "frame.number"));
        assertTrue(!all.isEmpty(), "the capture is empty");
        assertEquals(all.size(), sip.size(), "every captured packet must decode as SIP: " + all.size() + " packets, "
                + sip.size() + " SIP");
        List<String> bad = TsharkCapture.read(pcap, concat(decode, "-Y", "_ws.malformed || _ws.expert.severity == error"));
        assertTrue(bad.isEmpty(), "malformed SIP or expert errors in the capture:\n" + String.join("\n", bad));

        List<String> messages = TsharkCapture.read(pcap, concat(decode, "-Y", "sip", "-T", "fields",
                "-E", "separator=|", "-e", "sip.Call-ID", "-e", "sip.Method", "-e", "sip.Status-Code", "-e",
                "sip.CSeq.method"));
        String callId = messages.stream().map(l -> l.split("\\|", -1)).filter(f -> f[1].equals("INVITE"))
                .map(f -> f[0]).findFirst()
                .orElseThrow(() -> new AssertionError("no INVITE captured:\n" + String.join("\n", messages)));
        List<String> call = messages.stream().map(l -> l.split("\\|", -1)).filter(f -> f[0].equals(callId))
                .map(f -> f[1].isEmpty() ? f[2] + " " + f[3] : f[1]).distinct().toList();
        for (String expected : List.of("INVITE", "180 INVITE", "200 INVITE", "ACK", "BYE", "200 BYE")) {
            assertTrue(call.contains(expected), "the call " + callId + " lacks " + expected + " in the capture: "
                    + call + "\n" + String.join("\n", messages));
        }
    }

    /**
     * tshark options that decode the traffic of Kamailio's (random) port as SIP: the SIP heuristic
     * first, so that the other end's port never makes it another protocol, and Decode As.
     */
    private static String[] sipOn(int port) {
        return new String[] {"-o", "udp.try_heuristic_first:TRUE", "-d", "udp.port==" + port + ",sip"};
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    /**
     * Blind transfer (SPEC §6 Trnsfer): A, a test phone that sends no RTP, calls B and transfers it
     * to C while C rings. B and C are simulated phones with real RTP sockets: each must then receive
     * at least 50 packets, which can only come from the other, so audio flows between the right
     * peers after the transfer.
     */
    @Test
    void afterABlindTransferTheTransfereeAndTheTargetExchangeRtp() throws Exception {
        transferAndCountRtp(false, BLIND_A, "5111", BLIND_B, "5112", BLIND_C, "5113");
    }

    /** Attended transfer: as above, but C answers A first and B's call takes A's place (Replaces). */
    @Test
    void afterAnAttendedTransferTheTransfereeAndTheTargetExchangeRtp() throws Exception {
        transferAndCountRtp(true, ATTENDED_A, "5121", ATTENDED_B, "5122", ATTENDED_C, "5123");
    }

    private void transferAndCountRtp(boolean attended, String deviceA, String lineA, String deviceB, String lineB,
            String deviceC, String lineC) throws Exception {
        int mediaB = FreePorts.udp();
        int mediaC = FreePorts.udp();
        ScriptedPhone b = phone(deviceB, mediaB, registered(lineB) + """
                expect CallState state=RingIn Party.number=%s within 30
                offhook
                expect CallState state=Connected within 10
                expect StartMedia Remote.ip=127.0.0.1 Remote.port=%d within 30
                expect CallState state=Connected Party.number=%s within 10
                expect rtp received>=50 within 10
                # the target counts its own 50 from this phone: keep sending a moment longer
                sleep 2
                onhook
                expect CallState state=Idle within 10
                """.formatted(lineA, mediaC, lineC));
        String targetAnswers = attended
                ? """
                expect CallState state=RingIn Party.number=%s within 30
                offhook
                expect CallState state=Connected within 10
                expect StartMedia Remote.ip=127.0.0.1 Remote.port=%d within 30
                """.formatted(lineA, mediaB)
                : """
                expect CallState state=RingIn Party.number=%s within 30
                offhook
                expect StartMedia Remote.ip=127.0.0.1 Remote.port=%d within 30
                """.formatted(lineB, mediaB);
        ScriptedPhone c = phone(deviceC, mediaC, registered(lineC) + targetAnswers + """
                expect rtp received>=50 within 10
                expect StopMedia within 30
                expect CallState state=Idle within 10
                onhook
                """);
        await().atMost(WAIT).until(() -> kamailio.hasBinding(lineB) && kamailio.hasBinding(lineC));

        org.sscpbridge.it.support.TestPhone a = running(new org.sscpbridge.it.support.TestPhone(
                new java.net.InetSocketAddress("127.0.0.1", sscpPort)));
        a.send(new PhoneMessage.Register(deviceA, "AP-IP300", "1.0", null, null));
        a.await(BridgeMessage.Display.class, d -> d.text().equals("Line " + lineA + ": registered"), WAIT);
        a.send(new PhoneMessage.Dial(lineB, null));
        BridgeMessage.CallState first = a.await(BridgeMessage.CallState.class,
                s -> s.state() == CallStateName.CONNECTED, WAIT);
        a.send(new PhoneMessage.SoftKeyEvent(SoftKey.TRANSFER, first.callId(), null));
        BridgeMessage.CallState consult = a.await(BridgeMessage.CallState.class,
                s -> s.state() == CallStateName.OFF_HOOK && !s.callId().equals(first.callId()), WAIT);
        a.send(new PhoneMessage.Dial(lineC, null));
        CallStateName before = attended ? CallStateName.CONNECTED : CallStateName.RING_OUT;
        a.await(BridgeMessage.CallState.class, s -> s.callId().equals(consult.callId()) && s.state() == before, WAIT);
        a.send(new PhoneMessage.SoftKeyEvent(SoftKey.TRANSFER, consult.callId(), null));
        a.await(BridgeMessage.Display.class, d -> d.text().equals("Transferred"), WAIT);

        b.assertSucceeds(SCRIPT_END);
        c.assertSucceeds(SCRIPT_END);
    }
}
