package org.sscpbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.sscpbridge.it.support.BridgeProcess;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.it.support.SippProcess;
import org.sscpbridge.it.support.TestPhone;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallId;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.MediaDirection;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.SoftKey;
import org.sscpbridge.sscp.message.ToneType;

/**
 * Trunk mode (docs/TRUNK.md) end to end: real Felix via bin/bridge, two simulated SSCP phones, and
 * SIPp playing the carrier. The carrier's registrar challenges the trunk's REGISTER (401) and
 * verifies the digest; a call to a DID rings the mapped phone, which answers, holds, resumes and
 * transfers it blind (REFER to the carrier); a call out carries the line's number in From and
 * P-Asserted-Identity and the dialled number with the prefix rules applied, after a 401; an unknown
 * number gets 404; a call between the two phones stays on the bridge (the carrier's proxy is not
 * even running then). Last, stopping the bridge removes the trunk's binding.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrunkModeIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** What a person takes between two key presses: lets a re-INVITE in flight finish first. */
    private static final long PAUSE_MS = 400;
    private static final String DEV_A = "SEP0000000051A1";
    private static final String DEV_B = "SEP0000000051B2";
    private static final String TRUNK_USER = "sitetrunk";
    private static final String TRUNK_PASSWORD = "carrierpw";
    private static final String DOMAIN = "carrier.test";
    private static final String DID = "0301234567";

    @TempDir
    static Path work;

    private SippProcess registrar;
    private int proxyPort;
    private int sipPort;
    private BridgeProcess bridge;
    private TestPhone a;
    private TestPhone b;
    private final Deque<SippProcess> running = new ArrayDeque<>();

    @BeforeAll
    void start() throws Exception {
        int registrarPort = FreePorts.udp();
        proxyPort = FreePorts.udp();
        registrar = SippProcess.startOnPort(work, "uas-trunk-register.xml",
                Map.of("user", TRUNK_USER, "password", TRUNK_PASSWORD), registrarPort, null);
        int sscpPort = FreePorts.udp();
        sipPort = FreePorts.udp();
        Map<String, String> config = new HashMap<>();
        config.put("sscp.address", "127.0.0.1");
        config.put("sscp.port", String.valueOf(sscpPort));
        config.put("sip.port", String.valueOf(sipPort));
        config.put("interdigit.timeout", "2");
        config.put("data.dir", work.resolve("data").toString());
        config.put("sip.mode", "trunk");
        config.put("trunk.local.calls", "true");
        config.put("trunk.1.registrar", "sip:127.0.0.1:" + registrarPort);
        config.put("trunk.1.proxy", "sip:127.0.0.1:" + proxyPort);
        config.put("trunk.1.user", TRUNK_USER);
        config.put("trunk.1.password", TRUNK_PASSWORD);
        config.put("trunk.1.domain", DOMAIN);
        config.put("trunk.1.caller.id", "from, pai");
        config.put("trunk.1.prefix.strip", "9");
        config.put("trunk.1.prefix.add", "+49");
        config.put("trunk.1.did." + DID, "3101");
        bridge = BridgeProcess.start(work, config, Map.of(
                "sscp.device-a", Map.of("device.id", DEV_A, "line1.number", "3101", "line1.name", "Alice"),
                "sscp.device-b", Map.of("device.id", DEV_B, "line1.number", "3102", "line1.name", "Bob")));
        InetSocketAddress sscp = new InetSocketAddress("127.0.0.1", sscpPort);
        a = registered(sscp, DEV_A, "3101");
        b = registered(sscp, DEV_B, "3102");
    }

    /** A phone whose line shows "registered": the trunk it sits behind is. */
    private static TestPhone registered(InetSocketAddress sscp, String device, String line) throws Exception {
        TestPhone p = new TestPhone(sscp);
        p.send(new PhoneMessage.Register(device, "AP-IP300", "1.0", null, null));
        p.await(BridgeMessage.RegisterAck.class);
        p.await(BridgeMessage.Display.class, d -> d.text().equals("Line " + line + ": registered"), WAIT);
        return p;
    }

    @AfterEach
    void noCallLeftBehind() throws Exception {
        try {
            if (bridge.process().isAlive() && !bridge.run("sscp:calls").contains("0 calls")) {
                // A failed test left a call: hang both phones up so the next test starts clean.
                a.send(new PhoneMessage.OnHook(null));
                b.send(new PhoneMessage.OnHook(null));
                bridge.awaitOutput("sscp:calls", "0 calls", WAIT);
            }
        } finally {
            while (!running.isEmpty()) {
                running.pop().close();
            }
            a.forget();
            b.forget();
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable x : new AutoCloseable[] {a, b, bridge, registrar}) {
            if (x != null) {
                x.close();
            }
        }
    }

    private static Predicate<BridgeMessage.CallState> is(CallId call, CallStateName s) {
        return cs -> cs.callId().equals(call) && cs.state() == s;
    }

    private static Predicate<BridgeMessage.CallState> ringingFrom(String number) {
        return cs -> cs.state() == CallStateName.RING_IN && cs.party() != null && number.equals(cs.party().number());
    }

    private static void softKey(TestPhone p, SoftKey key, CallId call) throws IOException {
        p.send(new PhoneMessage.SoftKeyEvent(key, call, null));
    }

    private static void pause() throws InterruptedException {
        Thread.sleep(PAUSE_MS);
    }

    private SippProcess sipp(SippProcess p) {
        running.push(p);
        return p;
    }

    private static void assertScenarioPassed(SippProcess sipp) throws InterruptedException {
        assertEquals(0, sipp.await(30), "SIPp scenario failed:\n" + sipp.output());
    }

    /** Hold, then Resume: the far end's SIPp checks the re-INVITEs' directions. */
    private static void holdAndResume(TestPhone p, CallId call, int farMediaPort) throws Exception {
        softKey(p, SoftKey.HOLD, call);
        p.await(BridgeMessage.StopMedia.class, m -> m.callId().equals(call), WAIT);
        p.await(BridgeMessage.CallState.class, is(call, CallStateName.HOLD), WAIT);
        pause();
        softKey(p, SoftKey.RESUME, call);
        BridgeMessage.StartMedia media = p.await(BridgeMessage.StartMedia.class, m -> m.callId().equals(call), WAIT);
        assertEquals(farMediaPort, media.remote().port());
        assertEquals(MediaDirection.SEND_RECV, media.direction());
        p.await(BridgeMessage.CallState.class, is(call, CallStateName.CONNECTED), WAIT);
        pause();
    }

    /** The trunk registered (401, then a digest SIPp verified, then 200) before the phones showed "registered". */
    @Test
    @Order(1)
    void linesShowTheTrunksRegistration() throws Exception {
        bridge.awaitOutput("sscp:phones", "trunk 1: expires 3600 s", WAIT);
    }

    /** A call to a DID rings the mapped line; hold, resume and a blind transfer go to the carrier. */
    @Test
    @Order(2)
    void didCallRingsTheMappedPhoneAndItsFeaturesWork() throws Exception {
        SippProcess carrier = sipp(SippProcess.start(work, "uac-trunk-did.xml",
                Map.of("referto", "sip:3102@127.0.0.1:" + sipPort), "127.0.0.1:" + sipPort, "-s", DID));
        BridgeMessage.CallState ring = a.await(BridgeMessage.CallState.class, ringingFrom("0555111"), WAIT);
        softKey(a, SoftKey.ANSWER, ring.callId());
        CallId call = ring.callId();
        BridgeMessage.StartMedia media = a.await(BridgeMessage.StartMedia.class, m -> m.callId().equals(call), WAIT);
        assertEquals(carrier.mediaPort(), media.remote().port());
        a.await(BridgeMessage.CallState.class, is(call, CallStateName.CONNECTED), WAIT);
        pause();

        holdAndResume(a, call, carrier.mediaPort());

        // Blind transfer to the other phone's line: Trnsfer holds, the number is dialled, Trnsfer again.
        softKey(a, SoftKey.TRANSFER, call);
        a.await(BridgeMessage.CallState.class, is(call, CallStateName.HOLD), WAIT);
        BridgeMessage.CallState fresh = a.await(BridgeMessage.CallState.class,
                cs -> cs.state() == CallStateName.OFF_HOOK && !cs.callId().equals(call), WAIT);
        a.await(BridgeMessage.Tone.class, t -> t.tone() == ToneType.DIAL, WAIT);
        for (char d : "3102".toCharArray()) {
            a.send(new PhoneMessage.Digit(d, null));
        }
        a.await(BridgeMessage.CallState.class, is(fresh.callId(), CallStateName.RING_OUT), WAIT);
        BridgeMessage.CallState ringB = b.await(BridgeMessage.CallState.class, ringingFrom("3101"), WAIT);
        pause();
        softKey(a, SoftKey.TRANSFER, fresh.callId());
        b.await(BridgeMessage.CallState.class, is(ringB.callId(), CallStateName.IDLE), WAIT);
        a.await(BridgeMessage.Display.class, d -> d.text().contains("Transferred"), WAIT);
        a.await(BridgeMessage.CallState.class, is(call, CallStateName.IDLE), WAIT);
        assertScenarioPassed(carrier);
        a.send(new PhoneMessage.OnHook(null));
    }

    /** A call out: 401 answered with the trunk's credentials, caller id and prefix rules checked by the carrier. */
    @Test
    @Order(3)
    void callOutCarriesTheLinesCallerIdAndThePrefixRules() throws Exception {
        SippProcess carrier = sipp(SippProcess.startOnPort(work, "uas-trunk-outgoing.xml", Map.of(
                "user", TRUNK_USER, "password", TRUNK_PASSWORD, "number", "\\+49301234567", "line", "3101",
                "domain", DOMAIN), proxyPort, null));
        a.send(new PhoneMessage.Dial("9301234567", null));
        BridgeMessage.StartMedia media = a.await(BridgeMessage.StartMedia.class,
                m -> m.remote().port() == carrier.mediaPort(), WAIT);
        CallId call = media.callId();
        a.await(BridgeMessage.CallState.class, is(call, CallStateName.CONNECTED), WAIT);
        pause();
        holdAndResume(a, call, carrier.mediaPort());
        a.send(new PhoneMessage.OnHook(null));
        a.await(BridgeMessage.CallState.class, is(call, CallStateName.IDLE), WAIT);
        assertScenarioPassed(carrier);
    }

    /** A number that is no line here and no DID: 404. */
    @Test
    @Order(4)
    void unknownNumberGets404() throws Exception {
        SippProcess carrier = sipp(SippProcess.start(work, "uac-expect-reject.xml", Map.of("status", "404"),
                "127.0.0.1:" + sipPort, "-s", "0309999999"));
        assertScenarioPassed(carrier);
    }

    /**
     * A call from one phone to the other stays on the bridge: nothing listens at the carrier's
     * proxy now, so B can only ring when the INVITE went to the bridge's own SIP port.
     */
    @Test
    @Order(5)
    void localCallStaysOnTheBridge() throws Exception {
        a.send(new PhoneMessage.Dial("3102", null));
        BridgeMessage.CallState ring = b.await(BridgeMessage.CallState.class, ringingFrom("3101"), WAIT);
        BridgeMessage.CallState out = a.await(BridgeMessage.CallState.class,
                cs -> cs.state() == CallStateName.RING_OUT, WAIT);
        softKey(b, SoftKey.ANSWER, ring.callId());
        a.await(BridgeMessage.CallState.class, is(out.callId(), CallStateName.CONNECTED), WAIT);
        b.await(BridgeMessage.CallState.class, is(ring.callId(), CallStateName.CONNECTED), WAIT);
        BridgeMessage.StartMedia media = a.await(BridgeMessage.StartMedia.class,
                m -> m.callId().equals(out.callId()), WAIT);
        assertEquals(b.mediaPort(), media.remote().port());
        pause();
        a.send(new PhoneMessage.OnHook(null));
        b.await(BridgeMessage.CallState.class, is(ring.callId(), CallStateName.IDLE), WAIT);
        b.send(new PhoneMessage.OnHook(null));
    }

    /** Stopping the bridge removes the trunk's binding: the carrier's registrar scenario then ends well. */
    @Test
    @Order(6)
    void stopRemovesTheTrunksBinding() throws Exception {
        bridge.close();
        assertScenarioPassed(registrar);
    }
}
