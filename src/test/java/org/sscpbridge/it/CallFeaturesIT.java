package org.sscpbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallId;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.ForwardType;
import org.sscpbridge.sscp.message.HistoryType;
import org.sscpbridge.sscp.message.MediaDirection;
import org.sscpbridge.sscp.message.OnOff;
import org.sscpbridge.sscp.message.PhoneBookAction;
import org.sscpbridge.sscp.message.PhoneBookEntry;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.SoftKey;
import org.sscpbridge.sscp.message.ToneType;

/**
 * SPEC §6, the phone's soft keys end to end: simulated phones A, B, C (lines 3101..3103) on the
 * bridge (real Felix), a real Kamailio, and SIPp far ends bound in Kamailio to the feature numbers
 * (park 5700, pickup 5800, meet-me 5300, voice mail 5970, conference 5900) and to test numbers
 * (57xx, 4150), so each far end proves what reached it: the SDP direction of a re-INVITE, a REFER,
 * a CANCEL, a 302's Contact. Every test ends with no call left and the phones idle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallFeaturesIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** What a person takes between two key presses: lets a re-INVITE in flight finish first. */
    private static final long PAUSE_MS = 500;

    private static final String DEV_A = "SEP0000000031A1";
    private static final String DEV_B = "SEP0000000031B2";
    private static final String DEV_C = "SEP0000000031C3";
    private static final String CONFERENCE = "5900";
    private static final String PARK = "5700";
    private static final String PICKUP = "5800";
    private static final String MEETME = "5300";
    private static final String VOICEMAIL = "5970";

    @TempDir
    static Path work;

    private KamailioServer kamailio;
    private BridgeProcess bridge;
    private InetSocketAddress sscp;
    private TestPhone a;
    private TestPhone b;
    private TestPhone c;
    /** SIPp processes of the running test, closed after it. */
    private final Deque<SippProcess> running = new ArrayDeque<>();

    @BeforeAll
    void start() throws Exception {
        kamailio = KamailioServer.start(work, Map.of("3101", "pw3101", "3102", "pw3102", "3103", "pw3103"));
        int sscpPort = FreePorts.udp();
        sscp = new InetSocketAddress("127.0.0.1", sscpPort);
        Map<String, String> config = new HashMap<>();
        config.put("sscp.address", "127.0.0.1");
        config.put("sscp.port", String.valueOf(sscpPort));
        config.put("sip.port", String.valueOf(FreePorts.udp()));
        config.put("sip.registrar", kamailio.uri());
        config.put("interdigit.timeout", "2");
        config.put("digitmap", "xxxx|*xx|9x.#");
        config.put("data.dir", work.resolve("data").toString());
        config.put("conference.uri", "sip:" + CONFERENCE + "@127.0.0.1:" + kamailio.port());
        config.put("park.number", PARK);
        config.put("pickup.code", PICKUP);
        config.put("meetme.number", MEETME);
        config.put("voicemail.number", VOICEMAIL);
        config.put("forward.noanswer.timeout", "5");
        bridge = BridgeProcess.start(work, config, Map.of(
                "sscp.device-a", device(DEV_A, "3101", "Alice"),
                "sscp.device-b", device(DEV_B, "3102", "Bob"),
                "sscp.device-c", device(DEV_C, "3103", "Carol")));
        Thread.sleep(1_500);
        a = registered(DEV_A, "3101");
        b = registered(DEV_B, "3102");
        c = registered(DEV_C, "3103");
        Thread.sleep(500);
        for (TestPhone p : List.of(a, b, c)) {
            p.forget();
        }
    }

    private static Map<String, String> device(String id, String number, String name) {
        return Map.of("device.id", id, "line1.number", number, "line1.password", "pw" + number, "line1.name", name);
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
            endWhatIsLeft();
            bridge.awaitOutput("sscp:calls", "0 calls", WAIT);
        } finally {
            while (!running.isEmpty()) {
                running.pop().close();
            }
            Thread.sleep(300);
            for (TestPhone p : List.of(a, b, c)) {
                p.forget();
            }
        }
    }

    /** After a failed test: EndCall on every call still listed for our phones, then OnHook. */
    private void endWhatIsLeft() throws Exception {
        String calls = bridge.run("sscp:calls");
        if (calls.contains("0 calls")) {
            return;
        }
        Matcher m = Pattern.compile("(?m)^(\\d{8})\\s+(SEP\\S+)").matcher(calls);
        while (m.find()) {
            TestPhone p = phoneOf(m.group(2));
            if (p != null) {
                p.send(new PhoneMessage.SoftKeyEvent(SoftKey.END_CALL, new CallId(m.group(1)), null));
            }
        }
        Thread.sleep(500);
        for (TestPhone p : List.of(a, b, c)) {
            p.send(new PhoneMessage.OnHook(null));
        }
    }

    private TestPhone phoneOf(String device) {
        return switch (device) {
            case DEV_A -> a;
            case DEV_B -> b;
            case DEV_C -> c;
            default -> null;
        };
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable x : new AutoCloseable[] {a, b, c}) {
            if (x != null) {
                x.close();
            }
        }
        if (bridge != null) {
            bridge.close();
        }
        if (kamailio != null) {
            kamailio.close();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static Predicate<BridgeMessage.CallState> state(CallStateName s) {
        return cs -> cs.state() == s;
    }

    private static Predicate<BridgeMessage.CallState> is(CallId call, CallStateName s) {
        return cs -> cs.callId().equals(call) && cs.state() == s;
    }

    /** A call in state {@code s} that is none of {@code known}. */
    private static Predicate<BridgeMessage.CallState> another(CallStateName s, CallId... known) {
        return cs -> cs.state() == s && !List.of(known).contains(cs.callId());
    }

    private static Predicate<BridgeMessage.CallState> ringingFrom(String number) {
        return cs -> cs.state() == CallStateName.RING_IN && cs.party() != null && number.equals(cs.party().number());
    }

    private static void softKey(TestPhone p, SoftKey key, CallId call) throws IOException {
        p.send(new PhoneMessage.SoftKeyEvent(key, call, null));
    }

    private static void digits(TestPhone p, String number) throws IOException {
        for (char d : number.toCharArray()) {
            p.send(new PhoneMessage.Digit(d, null));
        }
    }

    private static void pause() throws InterruptedException {
        Thread.sleep(PAUSE_MS);
    }

    /** A SIPp UAS running {@code scenario}, the only contact of {@code number} in Kamailio. */
    private SippProcess farEnd(String number, String scenario, Map<String, String> values, String... args)
            throws Exception {
        SippProcess p = SippProcess.start(work, scenario, values, null, args);
        running.push(p);
        kamailio.replaceBinding(number, "sip:" + number + "@127.0.0.1:" + p.sipPort());
        return p;
    }

    private SippProcess farEnd(String number, String scenario) throws Exception {
        return farEnd(number, scenario, Map.of());
    }

    /** A SIPp UAC calling {@code number} through Kamailio. */
    private SippProcess caller(String scenario, Map<String, String> values, String number) throws Exception {
        SippProcess p = SippProcess.start(work, scenario, values, "127.0.0.1:" + kamailio.port(), "-s", number);
        running.push(p);
        return p;
    }

    private static void assertScenarioPassed(SippProcess sipp) throws InterruptedException {
        assertEquals(0, sipp.await(30), "SIPp scenario failed:\n" + sipp.output());
    }

    /** {@code phone} dials {@code number}, answered by {@code uas}: returns the connected call. */
    private static CallId callFarEnd(TestPhone phone, String number, SippProcess uas) throws Exception {
        phone.send(new PhoneMessage.Dial(number, null));
        BridgeMessage.StartMedia media = phone.await(BridgeMessage.StartMedia.class,
                m -> m.remote().port() == uas.mediaPort(), WAIT);
        phone.await(BridgeMessage.CallState.class, is(media.callId(), CallStateName.CONNECTED), WAIT);
        return media.callId();
    }

    /** The call ids of one call between two of our phones, each as its phone sees it. */
    private record Pair(CallId caller, CallId callee) {}

    /** {@code from} dials {@code number}, {@code to} answers with the Answer key; both connected. */
    private static Pair connect(TestPhone from, String fromLine, String number, TestPhone to) throws Exception {
        from.send(new PhoneMessage.Dial(number, null));
        BridgeMessage.CallState ring = to.await(BridgeMessage.CallState.class, ringingFrom(fromLine), WAIT);
        BridgeMessage.CallState out = from.await(BridgeMessage.CallState.class, state(CallStateName.RING_OUT), WAIT);
        softKey(to, SoftKey.ANSWER, ring.callId());
        from.await(BridgeMessage.CallState.class, is(out.callId(), CallStateName.CONNECTED), WAIT);
        to.await(BridgeMessage.CallState.class, is(ring.callId(), CallStateName.CONNECTED), WAIT);
        return new Pair(out.callId(), ring.callId());
    }

    /**
     * The first press of Trnsfer / Confrm / NewCall on {@code call}: it goes to Hold, a new call
     * is off hook with dial tone; returns the new call.
     */
    private static CallId holdAndNewCall(TestPhone p, SoftKey key, CallId call) throws Exception {
        softKey(p, key, call);
        p.await(BridgeMessage.CallState.class, is(call, CallStateName.HOLD), WAIT);
        BridgeMessage.CallState fresh = p.await(BridgeMessage.CallState.class, another(CallStateName.OFF_HOOK, call),
                WAIT);
        p.await(BridgeMessage.Tone.class, t -> t.tone() == ToneType.DIAL, WAIT);
        return fresh.callId();
    }

    private void awaitPhoneRow(String device, Predicate<String> row) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String out = "";
        while (System.nanoTime() < deadline) {
            out = bridge.run("sscp:phones");
            if (out.lines().filter(l -> l.startsWith(device)).anyMatch(row)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("sscp:phones never showed the expected row for " + device + ":\n" + out);
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = CallFeaturesIT.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return in.readAllBytes();
        }
    }

    // ---- 1-4: hold, resume, new call, call waiting ----------------------------------------------

    /** 1+2: Hold sends re-INVITE sendonly (checked by SIPp), Resume sendrecv; the phone follows. */
    @Test
    void holdAndResumeReofferTheSdpAndThePhoneFollows() throws Exception {
        SippProcess uas = farEnd("5701", "uas-hold-resume.xml");
        CallId call = callFarEnd(a, "5701", uas);
        pause();

        softKey(a, SoftKey.HOLD, call);
        a.await(BridgeMessage.StopMedia.class, m -> m.callId().equals(call), WAIT);
        a.await(BridgeMessage.CallState.class, is(call, CallStateName.HOLD), WAIT);
        pause();

        softKey(a, SoftKey.RESUME, call);
        BridgeMessage.StartMedia media = a.await(BridgeMessage.StartMedia.class, m -> m.callId().equals(call), WAIT);
        assertEquals(uas.mediaPort(), media.remote().port());
        assertEquals(MediaDirection.SEND_RECV, media.direction());
        a.await(BridgeMessage.CallState.class, is(call, CallStateName.CONNECTED), WAIT);
        pause();

        a.send(new PhoneMessage.OnHook(null));
        a.await(BridgeMessage.CallState.class, is(call, CallStateName.IDLE), WAIT);
        assertScenarioPassed(uas);
    }

    /** 3: NewCall holds the connected call (SIPp checks sendonly) and opens a new call with dial tone. */
    @Test
    void newCallHoldsTheConnectedCallAndGivesDialTone() throws Exception {
        SippProcess uas = farEnd("5702", "uas-hold.xml");
        CallId call = callFarEnd(a, "5702", uas);
        pause();

        CallId fresh = holdAndNewCall(a, SoftKey.NEW_CALL, call);

        softKey(a, SoftKey.END_CALL, fresh);
        a.await(BridgeMessage.CallState.class, is(fresh, CallStateName.IDLE), WAIT);
        softKey(a, SoftKey.END_CALL, call);
        a.await(BridgeMessage.CallState.class, is(call, CallStateName.IDLE), WAIT);
        assertScenarioPassed(uas);
        a.send(new PhoneMessage.OnHook(null));
    }

    /**
     * 4: call waiting. A is connected to SIPp X; SIPp Y calls A: RingIn + CallWaiting tone. Answer
     * holds X (sendonly, checked by X) and connects Y; Resume on X swaps back (Y is held: sendonly,
     * checked by Y; X gets sendrecv, checked by X).
     */
    @Test
    void answeringAWaitingCallHoldsTheConnectedOneAndResumeSwapsBack() throws Exception {
        SippProcess x = farEnd("5703", "uas-hold-resume.xml");
        CallId first = callFarEnd(a, "5703", x);

        SippProcess y = caller("uac-call-held.xml", Map.of(), "3101");
        BridgeMessage.CallState waiting = a.await(BridgeMessage.CallState.class, ringingFrom("4100"), WAIT);
        a.await(BridgeMessage.Tone.class, t -> t.tone() == ToneType.CALL_WAITING, WAIT);
        CallId second = waiting.callId();
        pause();

        softKey(a, SoftKey.ANSWER, second);
        a.await(BridgeMessage.CallState.class, is(first, CallStateName.HOLD), WAIT);
        BridgeMessage.StartMedia toY = a.await(BridgeMessage.StartMedia.class, m -> m.callId().equals(second), WAIT);
        assertEquals(y.mediaPort(), toY.remote().port());
        a.await(BridgeMessage.CallState.class, is(second, CallStateName.CONNECTED), WAIT);
        pause();

        softKey(a, SoftKey.RESUME, first);
        a.await(BridgeMessage.CallState.class, is(second, CallStateName.HOLD), WAIT);
        BridgeMessage.StartMedia toX = a.await(BridgeMessage.StartMedia.class, m -> m.callId().equals(first), WAIT);
        assertEquals(x.mediaPort(), toX.remote().port());
        a.await(BridgeMessage.CallState.class, is(first, CallStateName.CONNECTED), WAIT);
        pause();

        softKey(a, SoftKey.END_CALL, first);
        a.await(BridgeMessage.CallState.class, is(first, CallStateName.IDLE), WAIT);
        softKey(a, SoftKey.END_CALL, second);
        a.await(BridgeMessage.CallState.class, is(second, CallStateName.IDLE), WAIT);
        assertScenarioPassed(x);
        assertScenarioPassed(y);
        a.send(new PhoneMessage.OnHook(null));
    }

    // ---- 5-7: transfer -------------------------------------------------------------------------

    /** 5: blind transfer of B to C while A's call to C still rings. */
    @Test
    void blindTransferConnectsBToCAndFreesA() throws Exception {
        Pair ab = connect(a, "3101", "3102", b);
        pause();
        CallId consult = holdAndNewCall(a, SoftKey.TRANSFER, ab.caller());
        digits(a, "3103");
        a.await(BridgeMessage.CallState.class, is(consult, CallStateName.RING_OUT), WAIT);
        BridgeMessage.CallState ringFromA = c.await(BridgeMessage.CallState.class, ringingFrom("3101"), WAIT);
        pause();

        softKey(a, SoftKey.TRANSFER, consult);
        c.await(BridgeMessage.CallState.class, is(ringFromA.callId(), CallStateName.IDLE), WAIT);
        BridgeMessage.CallState ringFromB = c.await(BridgeMessage.CallState.class, ringingFrom("3102"), WAIT);
        softKey(c, SoftKey.ANSWER, ringFromB.callId());

        BridgeMessage.StartMedia bToC = b.await(BridgeMessage.StartMedia.class,
                m -> !m.callId().equals(ab.callee()) && m.remote().port() == c.mediaPort(), WAIT);
        b.await(BridgeMessage.CallState.class, is(bToC.callId(), CallStateName.CONNECTED), WAIT);
        b.await(BridgeMessage.CallState.class, is(ab.callee(), CallStateName.IDLE), WAIT);
        BridgeMessage.StartMedia cToB = c.await(BridgeMessage.StartMedia.class,
                m -> m.callId().equals(ringFromB.callId()), WAIT);
        assertEquals(b.mediaPort(), cToB.remote().port());
        c.await(BridgeMessage.CallState.class, is(ringFromB.callId(), CallStateName.CONNECTED), WAIT);

        a.await(BridgeMessage.CallState.class, is(ab.caller(), CallStateName.IDLE), WAIT);
        a.await(BridgeMessage.CallState.class, is(consult, CallStateName.IDLE), WAIT);
        a.await(BridgeMessage.Display.class, d -> d.text().contains("Transferred"), WAIT);
        assertOnlyBAndCAreInACall();

        b.send(new PhoneMessage.OnHook(null));
        b.await(BridgeMessage.CallState.class, is(bToC.callId(), CallStateName.IDLE), WAIT);
        c.await(BridgeMessage.CallState.class, is(ringFromB.callId(), CallStateName.IDLE), WAIT);
        c.send(new PhoneMessage.OnHook(null));
        a.send(new PhoneMessage.OnHook(null));
    }

    private void assertOnlyBAndCAreInACall() throws Exception {
        String calls = bridge.awaitOutput("sscp:calls", "2 calls", WAIT);
        assertEquals(List.of(DEV_B, DEV_C), devicesInCalls(calls), calls);
    }

    /** The device column of each row of {@code sscp:calls} output, sorted (log lines ignored). */
    private static List<String> devicesInCalls(String calls) {
        Matcher m = Pattern.compile("(?m)^\\d{8}\\s+(SEP\\S+)").matcher(calls);
        List<String> devices = new java.util.ArrayList<>();
        while (m.find()) {
            devices.add(m.group(1));
        }
        java.util.Collections.sort(devices);
        return devices;
    }

    /** 6: attended transfer: A's consultation call with C is handed to B (Replaces); C keeps its call id. */
    @Test
    void attendedTransferHandsCsCallToB() throws Exception {
        Pair ab = connect(a, "3101", "3102", b);
        pause();
        CallId consult = holdAndNewCall(a, SoftKey.TRANSFER, ab.caller());
        digits(a, "3103");
        BridgeMessage.CallState ringFromA = c.await(BridgeMessage.CallState.class, ringingFrom("3101"), WAIT);
        CallId cCall = ringFromA.callId();
        softKey(c, SoftKey.ANSWER, cCall);
        a.await(BridgeMessage.CallState.class, is(consult, CallStateName.CONNECTED), WAIT);
        c.await(BridgeMessage.CallState.class, is(cCall, CallStateName.CONNECTED), WAIT);
        pause();

        softKey(a, SoftKey.TRANSFER, consult);
        BridgeMessage.StartMedia bToC = b.await(BridgeMessage.StartMedia.class,
                m -> !m.callId().equals(ab.callee()) && m.remote().port() == c.mediaPort(), WAIT);
        b.await(BridgeMessage.CallState.class, is(bToC.callId(), CallStateName.CONNECTED), WAIT);
        b.await(BridgeMessage.CallState.class, is(ab.callee(), CallStateName.IDLE), WAIT);
        c.await(BridgeMessage.StartMedia.class,
                m -> m.callId().equals(cCall) && m.remote().port() == b.mediaPort(), WAIT);
        c.await(BridgeMessage.CallState.class, cs -> cs.callId().equals(cCall) && cs.state() == CallStateName.CONNECTED
                && cs.party() != null && "3102".equals(cs.party().number()), WAIT);

        a.await(BridgeMessage.CallState.class, is(ab.caller(), CallStateName.IDLE), WAIT);
        a.await(BridgeMessage.CallState.class, is(consult, CallStateName.IDLE), WAIT);
        a.await(BridgeMessage.Display.class, d -> d.text().contains("Transferred"), WAIT);
        assertOnlyBAndCAreInACall();
        assertFalse(c.receives(BridgeMessage.CallState.class, is(cCall, CallStateName.IDLE), Duration.ofMillis(300)),
                "C's call must survive the transfer");

        c.send(new PhoneMessage.OnHook(null));
        c.await(BridgeMessage.CallState.class, is(cCall, CallStateName.IDLE), WAIT);
        b.await(BridgeMessage.CallState.class, is(bToC.callId(), CallStateName.IDLE), WAIT);
        b.send(new PhoneMessage.OnHook(null));
        a.send(new PhoneMessage.OnHook(null));
    }

    /**
     * 7: the held far end refuses the REFER (403): the ringing consultation call is cancelled
     * (checked by its SIPp), the held call is shown on Hold again with "Transfer failed".
     */
    @Test
    void aRefusedTransferLeavesTheCallOnHold() throws Exception {
        SippProcess held = farEnd("5710", "uas-refer-refused.xml");
        SippProcess target = farEnd("5711", "uas-ring-cancel.xml");
        CallId call = callFarEnd(a, "5710", held);
        pause();
        CallId consult = holdAndNewCall(a, SoftKey.TRANSFER, call);
        digits(a, "5711");
        a.await(BridgeMessage.CallState.class, is(consult, CallStateName.RING_OUT), WAIT);
        pause();

        softKey(a, SoftKey.TRANSFER, consult);
        a.await(BridgeMessage.CallState.class, is(consult, CallStateName.IDLE), WAIT);
        assertScenarioPassed(target);
        a.await(BridgeMessage.Display.class, d -> d.text().contains("Transfer failed"), WAIT);
        a.await(BridgeMessage.CallState.class, is(call, CallStateName.HOLD), WAIT);
        assertTrue(bridge.run("sscp:calls").contains("1 call"), "the held call stays");
        pause();

        softKey(a, SoftKey.END_CALL, call);
        a.await(BridgeMessage.CallState.class, is(call, CallStateName.IDLE), WAIT);
        assertScenarioPassed(held);
        a.send(new PhoneMessage.OnHook(null));
    }

    // ---- 8-10: conference ----------------------------------------------------------------------

    /** The conference SIPp for three participants, logging each caller's user to {@code log}. */
    private SippProcess conferenceBridge(Path log) throws Exception {
        return farEnd(CONFERENCE, "uas-conference.xml", Map.of(), "-m", "3", "-trace_logs", "-log_file",
                log.toString());
    }

    /** 8: Confrm twice: A, B and C all end up in calls to conference.uri. */
    @Test
    void conferenceBringsAllThreeLinesToTheConferenceUri() throws Exception {
        Path log = work.resolve("conference-" + System.nanoTime() + ".log");
        SippProcess conference = conferenceBridge(log);
        Pair ab = connect(a, "3101", "3102", b);
        pause();
        CallId consult = holdAndNewCall(a, SoftKey.CONFERENCE, ab.caller());
        digits(a, "3103");
        CallId cCall = c.await(BridgeMessage.CallState.class, ringingFrom("3101"), WAIT).callId();
        softKey(c, SoftKey.ANSWER, cCall);
        a.await(BridgeMessage.CallState.class, is(consult, CallStateName.CONNECTED), WAIT);
        pause();

        softKey(a, SoftKey.CONFERENCE, consult);
        assertThreeInConference(conference, log, ab, cCall);
    }

    /** 9: Join on the connected call with a held call on the phone: as Confrm's second press. */
    @Test
    void joinMergesTheHeldAndTheConnectedCallIntoAConference() throws Exception {
        Path log = work.resolve("join-" + System.nanoTime() + ".log");
        SippProcess conference = conferenceBridge(log);
        Pair ab = connect(a, "3101", "3102", b);
        pause();
        CallId fresh = holdAndNewCall(a, SoftKey.NEW_CALL, ab.caller());
        digits(a, "3103");
        CallId cCall = c.await(BridgeMessage.CallState.class, ringingFrom("3101"), WAIT).callId();
        softKey(c, SoftKey.ANSWER, cCall);
        a.await(BridgeMessage.CallState.class, is(fresh, CallStateName.CONNECTED), WAIT);
        pause();

        softKey(a, SoftKey.JOIN, fresh);
        assertThreeInConference(conference, log, ab, cCall);
    }

    private void assertThreeInConference(SippProcess conference, Path log, Pair ab, CallId cCall) throws Exception {
        BridgeMessage.CallState conf = a.await(BridgeMessage.CallState.class, state(CallStateName.CONFERENCE), WAIT);
        BridgeMessage.StartMedia bConf = b.await(BridgeMessage.StartMedia.class,
                m -> m.remote().port() == conference.mediaPort(), WAIT);
        b.await(BridgeMessage.CallState.class, is(bConf.callId(), CallStateName.CONNECTED), WAIT);
        b.await(BridgeMessage.CallState.class, is(ab.callee(), CallStateName.IDLE), WAIT);
        BridgeMessage.StartMedia cConf = c.await(BridgeMessage.StartMedia.class,
                m -> m.remote().port() == conference.mediaPort(), WAIT);
        c.await(BridgeMessage.CallState.class, is(cConf.callId(), CallStateName.CONNECTED), WAIT);
        c.await(BridgeMessage.CallState.class, is(cCall, CallStateName.IDLE), WAIT);

        Set<String> callers = new TreeSet<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (callers.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            callers.clear();
            if (Files.exists(log)) {
                Matcher m = Pattern.compile("conference caller (\\d+)")
                        .matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
                while (m.find()) {
                    callers.add(m.group(1));
                }
            }
        }
        assertEquals(Set.of("3101", "3102", "3103"), callers, "the conference's callers:\n" + conference.output());
        String calls = bridge.awaitOutput("sscp:calls", "3 calls", WAIT);
        assertEquals(List.of(DEV_A, DEV_B, DEV_C), devicesInCalls(calls), "one conference call per phone:\n" + calls);

        a.send(new PhoneMessage.OnHook(null));
        a.await(BridgeMessage.CallState.class, is(conf.callId(), CallStateName.IDLE), WAIT);
        b.send(new PhoneMessage.OnHook(null));
        b.await(BridgeMessage.CallState.class, is(bConf.callId(), CallStateName.IDLE), WAIT);
        c.send(new PhoneMessage.OnHook(null));
        c.await(BridgeMessage.CallState.class, is(cConf.callId(), CallStateName.IDLE), WAIT);
        assertScenarioPassed(conference);
    }

    /** 10: MeetMeConfrm calls meetme.number. */
    @Test
    void meetMeCallsTheMeetMeNumber() throws Exception {
        assertKeyCallsFarEnd(SoftKey.MEET_ME_CONFERENCE, null, MEETME);
    }

    /** A soft key on the idle phone A places a call that SIPp bound to {@code number} answers. */
    private void assertKeyCallsFarEnd(SoftKey key, Integer group, String number) throws Exception {
        SippProcess uas = farEnd(number, "uas-answer.xml");
        a.send(new PhoneMessage.SoftKeyEvent(key, null, group));
        BridgeMessage.StartMedia media = a.await(BridgeMessage.StartMedia.class,
                m -> m.remote().port() == uas.mediaPort(), WAIT);
        a.await(BridgeMessage.CallState.class, is(media.callId(), CallStateName.CONNECTED), WAIT);
        a.send(new PhoneMessage.OnHook(null));
        a.await(BridgeMessage.CallState.class, is(media.callId(), CallStateName.IDLE), WAIT);
        assertScenarioPassed(uas);
    }

    // ---- 11-13: park, pickup, voice mail -------------------------------------------------------

    /** 11: Park REFERs B to park.number; B's new call is answered there; A shows Park, then Idle. */
    @Test
    void parkRefersTheFarEndToTheParkNumber() throws Exception {
        SippProcess lot = farEnd(PARK, "uas-answer.xml");
        Pair ab = connect(a, "3101", "3102", b);
        pause();
        a.forget();

        softKey(a, SoftKey.PARK, ab.caller());
        a.await(BridgeMessage.CallState.class, is(ab.caller(), CallStateName.PARK), WAIT);
        BridgeMessage.StartMedia parked = b.await(BridgeMessage.StartMedia.class,
                m -> m.remote().port() == lot.mediaPort(), WAIT);
        b.await(BridgeMessage.CallState.class, is(parked.callId(), CallStateName.CONNECTED), WAIT);
        b.await(BridgeMessage.CallState.class, is(ab.callee(), CallStateName.IDLE), WAIT);
        a.await(BridgeMessage.CallState.class, is(ab.caller(), CallStateName.IDLE), WAIT);
        a.await(BridgeMessage.Display.class, d -> d.text().contains("200") || d.text().contains("OK"), WAIT);

        b.send(new PhoneMessage.OnHook(null));
        b.await(BridgeMessage.CallState.class, is(parked.callId(), CallStateName.IDLE), WAIT);
        assertScenarioPassed(lot);
        a.send(new PhoneMessage.OnHook(null));
    }

    /** 12: CallPickUp calls pickup.code; GrpCallPickUp with group 23 calls pickup.code + "23". */
    @Test
    void pickUpKeysCallThePickupCode() throws Exception {
        assertKeyCallsFarEnd(SoftKey.CALL_PICK_UP, null, PICKUP);
        assertKeyCallsFarEnd(SoftKey.GROUP_CALL_PICK_UP, 23, PICKUP + "23");
    }

    /** 13: Play calls voicemail.number. */
    @Test
    void playCallsTheVoiceMailNumber() throws Exception {
        assertKeyCallsFarEnd(SoftKey.PLAY, null, VOICEMAIL);
    }

    // ---- 14-15: forwards, DND ------------------------------------------------------------------

    /** Presses {@code key} on idle B, enters {@code target}: returns once ForwardStatus shows it active. */
    private void setForward(SoftKey key, ForwardType type, String target) throws Exception {
        b.forget();
        softKey(b, key, null);
        b.await(BridgeMessage.Tone.class, t -> t.tone() == ToneType.DIAL, WAIT);
        b.await(BridgeMessage.Display.class, d -> d.text().startsWith("Forward"), WAIT);
        digits(b, target);
        b.await(BridgeMessage.ForwardStatus.class, s -> s.forwards().stream()
                .anyMatch(f -> f.forwardType() == type && f.active() && target.equals(f.number())), WAIT);
    }

    /** Presses {@code key} again on idle B: the forward is cancelled. */
    private void cancelForward(SoftKey key, ForwardType type) throws Exception {
        b.forget();
        softKey(b, key, null);
        b.await(BridgeMessage.ForwardStatus.class, s -> s.forwards().stream()
                .noneMatch(f -> f.forwardType() == type && f.active()), WAIT);
    }

    /** 14a: CFwdAll set from the keys: a SIP caller gets 302 to the target; pressing again cancels. */
    @Test
    void forwardAllFromTheSoftKeyRedirectsCallers() throws Exception {
        try {
            setForward(SoftKey.CFWD_ALL, ForwardType.ALL, "5750");
            SippProcess uac = caller("uac-expect-302.xml", Map.of("target", "5750"), "3102");
            assertScenarioPassed(uac);
            assertFalse(b.receives(BridgeMessage.CallState.class, state(CallStateName.RING_IN), Duration.ofMillis(300)),
                    "B must not ring");
            cancelForward(SoftKey.CFWD_ALL, ForwardType.ALL);
        } finally {
            bridge.run("sscp:forward " + DEV_B + " all off");
        }
    }

    /** 14b: CFwdBusy: while B is off hook, a SIP caller gets 302 to the target. */
    @Test
    void forwardBusyRedirectsCallersWhileThePhoneIsBusy() throws Exception {
        try {
            setForward(SoftKey.CFWD_BUSY, ForwardType.BUSY, "5751");
            b.send(new PhoneMessage.OffHook(null));
            CallId offHook = b.await(BridgeMessage.CallState.class, state(CallStateName.OFF_HOOK), WAIT).callId();
            SippProcess uac = caller("uac-expect-302.xml", Map.of("target", "5751"), "3102");
            assertScenarioPassed(uac);
            b.send(new PhoneMessage.OnHook(null));
            b.await(BridgeMessage.CallState.class, is(offHook, CallStateName.IDLE), WAIT);
            cancelForward(SoftKey.CFWD_BUSY, ForwardType.BUSY);
        } finally {
            bridge.run("sscp:forward " + DEV_B + " busy off");
        }
    }

    /** 14c: CFwdNoAnswer: B rings for forward.noanswer.timeout (5 s), then the caller gets 302 and B stops. */
    @Test
    void forwardNoAnswerRedirectsAfterTheTimeout() throws Exception {
        try {
            setForward(SoftKey.CFWD_NO_ANSWER, ForwardType.NO_ANSWER, "5752");
            SippProcess uac = caller("uac-expect-302.xml", Map.of("target", "5752"), "3102");
            BridgeMessage.CallState ring = b.await(BridgeMessage.CallState.class, ringingFrom("4100"), WAIT);
            long rang = System.nanoTime();
            b.await(BridgeMessage.CallState.class, is(ring.callId(), CallStateName.IDLE), WAIT);
            long seconds = Duration.ofNanos(System.nanoTime() - rang).toSeconds();
            assertTrue(seconds >= 4 && seconds <= 9, "B rang " + seconds + " s, forward.noanswer.timeout is 5 s");
            assertScenarioPassed(uac);
            cancelForward(SoftKey.CFWD_NO_ANSWER, ForwardType.NO_ANSWER);
        } finally {
            bridge.run("sscp:forward " + DEV_B + " noanswer off");
        }
    }

    /** 15: DND on: callers get 486, B shows nothing, sscp:phones says dnd; off: B rings again. */
    @Test
    void doNotDisturbRefusesCallsUntilItIsTurnedOff() throws Exception {
        try {
            b.send(new PhoneMessage.PhoneStatus(null, OnOff.ON, null));
            awaitPhoneRow(DEV_B, l -> l.contains("dnd"));
            SippProcess refused = caller("uac-expect-reject.xml", Map.of("status", "486"), "3102");
            assertScenarioPassed(refused);
            assertFalse(b.receives(BridgeMessage.CallState.class, state(CallStateName.RING_IN), Duration.ofSeconds(1)),
                    "B must not ring with DND on");

            b.send(new PhoneMessage.PhoneStatus(null, OnOff.OFF, null));
            awaitPhoneRow(DEV_B, l -> !l.contains("dnd"));
            SippProcess welcome = caller("uac-call.xml", Map.of(), "3102");
            BridgeMessage.CallState ring = b.await(BridgeMessage.CallState.class, ringingFrom("4100"), WAIT);
            b.send(new PhoneMessage.OffHook(null));
            b.await(BridgeMessage.CallState.class, is(ring.callId(), CallStateName.CONNECTED), WAIT);
            b.await(BridgeMessage.CallState.class, is(ring.callId(), CallStateName.IDLE), WAIT);
            assertScenarioPassed(welcome);
            b.send(new PhoneMessage.OnHook(null));
        } finally {
            b.send(new PhoneMessage.PhoneStatus(null, OnOff.OFF, null));
        }
    }

    // ---- 16: EndCall ---------------------------------------------------------------------------

    /** 16a: EndCall on a ringing incoming call: the SIP caller gets 486. */
    @Test
    void endCallRejectsARingingCallWith486() throws Exception {
        SippProcess uac = caller("uac-expect-reject.xml", Map.of("status", "486"), "3102");
        BridgeMessage.CallState ring = b.await(BridgeMessage.CallState.class, ringingFrom("4100"), WAIT);
        softKey(b, SoftKey.END_CALL, ring.callId());
        b.await(BridgeMessage.CallState.class, is(ring.callId(), CallStateName.IDLE), WAIT);
        assertScenarioPassed(uac);
    }

    /** 16b: EndCall on an outgoing call that rings: CANCEL (checked by SIPp). */
    @Test
    void endCallCancelsARingingOutgoingCall() throws Exception {
        SippProcess uas = farEnd("5760", "uas-ring-cancel.xml");
        a.send(new PhoneMessage.Dial("5760", null));
        CallId call = a.await(BridgeMessage.CallState.class, state(CallStateName.RING_OUT), WAIT).callId();
        softKey(a, SoftKey.END_CALL, call);
        a.await(BridgeMessage.CallState.class, is(call, CallStateName.IDLE), WAIT);
        assertScenarioPassed(uas);
        a.send(new PhoneMessage.OnHook(null));
    }

    /** 16c: EndCall on a connected call: BYE (SIPp waits for it). */
    @Test
    void endCallHangsUpAConnectedCall() throws Exception {
        SippProcess uas = farEnd("5761", "uas-answer.xml");
        CallId call = callFarEnd(a, "5761", uas);
        softKey(a, SoftKey.END_CALL, call);
        a.await(BridgeMessage.CallState.class, is(call, CallStateName.IDLE), WAIT);
        assertScenarioPassed(uas);
        a.send(new PhoneMessage.OnHook(null));
    }

    // ---- 17-21: redial, backspace, info, store, delete -----------------------------------------

    /** 17: Redial calls the last number again; so does the seed's SoftKeyEvent datagram, byte for byte. */
    @Test
    void redialCallsTheLastNumberAgainAlsoFromTheSeedDatagram() throws Exception {
        SippProcess uas = farEnd("5765", "uas-answer.xml", Map.of(), "-m", "3");
        CallId first = callFarEnd(a, "5765", uas);
        a.send(new PhoneMessage.OnHook(null));
        a.await(BridgeMessage.CallState.class, is(first, CallStateName.IDLE), WAIT);
        pause();

        softKey(a, SoftKey.REDIAL, null);
        BridgeMessage.StartMedia second = a.await(BridgeMessage.StartMedia.class,
                m -> m.remote().port() == uas.mediaPort(), WAIT);
        a.await(BridgeMessage.CallState.class, is(second.callId(), CallStateName.CONNECTED), WAIT);
        a.send(new PhoneMessage.OnHook(null));
        a.await(BridgeMessage.CallState.class, is(second.callId(), CallStateName.IDLE), WAIT);
        pause();

        // <Event id=1 name="Redial"> with CallIdentifier 01002007 (no such call) and Group 23.
        a.sendRaw(resource("/sscp/fixtures/seed-12-SoftKeyEvent.xml"));
        BridgeMessage.StartMedia third = a.await(BridgeMessage.StartMedia.class,
                m -> m.remote().port() == uas.mediaPort(), WAIT);
        a.await(BridgeMessage.CallState.class, is(third.callId(), CallStateName.CONNECTED), WAIT);
        a.send(new PhoneMessage.OnHook(null));
        a.await(BridgeMessage.CallState.class, is(third.callId(), CallStateName.IDLE), WAIT);
        assertScenarioPassed(uas);
    }

    /** 18: BackSpace removes the last digit: "31", BackSpace, "102" calls 3102. */
    @Test
    void backSpaceRemovesTheLastDialledDigit() throws Exception {
        a.send(new PhoneMessage.OffHook(null));
        CallId call = a.await(BridgeMessage.CallState.class, state(CallStateName.OFF_HOOK), WAIT).callId();
        a.await(BridgeMessage.Tone.class, t -> t.tone() == ToneType.DIAL, WAIT);
        digits(a, "31");
        Thread.sleep(300);
        a.forget();
        softKey(a, SoftKey.BACK_SPACE, call);
        a.await(BridgeMessage.Display.class, d -> d.text().strip().endsWith("3") && !d.text().contains("31"), WAIT);
        digits(a, "102");

        BridgeMessage.CallState ring = b.await(BridgeMessage.CallState.class, ringingFrom("3101"), WAIT);
        a.await(BridgeMessage.CallState.class, is(call, CallStateName.RING_OUT), WAIT);
        a.send(new PhoneMessage.OnHook(null));
        a.await(BridgeMessage.CallState.class, is(call, CallStateName.IDLE), WAIT);
        b.await(BridgeMessage.CallState.class, is(ring.callId(), CallStateName.IDLE), WAIT);
    }

    /** 19: Info shows the far number and the SIP Call-ID that sscp:calls lists for the call. */
    @Test
    void infoShowsTheFarNumberAndTheSipCallId() throws Exception {
        Pair ab = connect(a, "3101", "3102", b);
        String calls = bridge.run("sscp:calls");
        String row = calls.lines().filter(l -> l.startsWith(ab.caller().value())).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + ab.caller() + ":\n" + calls));
        String[] columns = row.trim().split("\\s+");
        String sipCallId = columns[columns.length - 1];
        assertFalse(sipCallId.equals("-"), row);
        pause();
        a.forget();

        softKey(a, SoftKey.INFO, ab.caller());
        BridgeMessage.Display info = a.await(BridgeMessage.Display.class, d -> d.text().contains("3102"), WAIT);
        assertTrue(info.text().contains(sipCallId), "Info: " + info.text() + ", sscp:calls: " + row);

        a.send(new PhoneMessage.OnHook(null));
        a.await(BridgeMessage.CallState.class, is(ab.caller(), CallStateName.IDLE), WAIT);
        b.await(BridgeMessage.CallState.class, is(ab.callee(), CallStateName.IDLE), WAIT);
    }

    /** 20: Store puts the far party into the personal phone book; a search by number prefix finds it. */
    @Test
    void storeKeepsTheFarPartyInThePhoneBook() throws Exception {
        SippProcess uas = farEnd("4150", "uas-answer.xml");
        CallId call = callFarEnd(a, "4150", uas);
        softKey(a, SoftKey.STORE, call);
        a.await(BridgeMessage.Display.class, d -> d.text().contains("Stored"), WAIT);

        a.send(new PhoneMessage.PhoneBook(PhoneBookAction.SEARCH, new PhoneBookEntry(null, null, null, "415")));
        BridgeMessage.PhoneBookResult found = a.await(BridgeMessage.PhoneBookResult.class);
        assertTrue(found.users().stream().anyMatch(u -> "4150".equals(u.number())), found.toString());

        a.send(new PhoneMessage.OnHook(null));
        a.await(BridgeMessage.CallState.class, is(call, CallStateName.IDLE), WAIT);
        assertScenarioPassed(uas);
    }

    /** 21: Delete clears the missed-call list. */
    @Test
    void deleteClearsTheMissedCalls() throws Exception {
        a.send(new PhoneMessage.Dial("3102", null));
        BridgeMessage.CallState ring = b.await(BridgeMessage.CallState.class, ringingFrom("3101"), WAIT);
        CallId out = a.await(BridgeMessage.CallState.class, state(CallStateName.RING_OUT), WAIT).callId();
        a.send(new PhoneMessage.OnHook(null));
        a.await(BridgeMessage.CallState.class, is(out, CallStateName.IDLE), WAIT);
        b.await(BridgeMessage.CallState.class, is(ring.callId(), CallStateName.IDLE), WAIT);
        b.send(new PhoneMessage.CallHistory(new PhoneMessage.HistoryQuery(HistoryType.MISSED, 20)));
        assertFalse(b.await(BridgeMessage.CallHistoryResult.class).entries().isEmpty(), "the missed call is listed");

        softKey(b, SoftKey.DELETE, null);
        b.await(BridgeMessage.Display.class, d -> d.text().contains("Missed calls cleared"), WAIT);
        b.send(new PhoneMessage.CallHistory(new PhoneMessage.HistoryQuery(HistoryType.MISSED, 20)));
        BridgeMessage.CallHistoryResult missed = b.await(BridgeMessage.CallHistoryResult.class);
        assertTrue(missed.entries().isEmpty(), missed.toString());
    }
}
