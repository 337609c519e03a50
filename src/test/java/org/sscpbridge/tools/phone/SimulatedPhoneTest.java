package org.sscpbridge.tools.phone;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.MediaAddress;
import org.sscpbridge.sscp.message.MediaDirection;
import org.sscpbridge.sscp.message.MessageType;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.ResetType;
import org.sscpbridge.sscp.message.CallId;
import org.sscpbridge.sscp.message.ToneType;
import org.sscpbridge.sscp.transport.Inbound;

/** The simulator against an in-process bridge made of the project's own bridge-side endpoint. */
class SimulatedPhoneTest {
    private FakeBridge bridge;
    private final List<SimulatedPhone> phones = new ArrayList<>();

    @BeforeEach
    void startBridge() throws Exception {
        bridge = new FakeBridge();
    }

    @AfterEach
    void stopAll() {
        phones.forEach(SimulatedPhone::close);
        bridge.close();
    }

    private SimulatedPhone phone(PhoneOptions options) throws Exception {
        SimulatedPhone phone = SimulatedPhone.start(options, PhoneEvents.NONE);
        phones.add(phone);
        return phone;
    }

    private PhoneOptions options(String device) {
        return PhoneOptions.of(bridge.address(), device)
                .withBind(new InetSocketAddress("127.0.0.1", 0));
    }

    private static Registration registration(SimulatedPhone phone) {
        return phone.inspect(PhoneScreen::registration).join();
    }

    private static void awaitRegistered(SimulatedPhone phone, Duration within) {
        await().atMost(within).until(() -> registration(phone) == Registration.REGISTERED);
    }

    @Test
    void registersWithItsRtpAddressAndLearnsTheLines() throws Exception {
        SimulatedPhone phone = phone(options("SEP00AABBCCDDEE"));
        awaitRegistered(phone, Duration.ofSeconds(5));

        PhoneMessage.Register register = bridge.registers().get(0);
        assertEquals("SEP00AABBCCDDEE", register.deviceId());
        assertNull(register.authResponse());
        assertEquals(phone.mediaAddress(), register.media());
        assertEquals("127.0.0.1", register.media().ip());
        assertEquals(2, phone.inspect(s -> s.lines().size()).join());
        assertEquals(phone.sscpAddress(), bridge.phone("SEP00AABBCCDDEE"));
    }

    @Test
    void sendsKeepAliveAtTheIntervalTheBridgeGave() throws Exception {
        bridge.keepaliveSeconds = 1;
        SimulatedPhone phone = phone(options("SEP000000000001"));
        awaitRegistered(phone, Duration.ofSeconds(5));
        Instant registered = Instant.now();

        await().atMost(Duration.ofSeconds(4)).until(() -> bridge.count(MessageType.KEEP_ALIVE) >= 2);
        Duration elapsed = Duration.between(registered, Instant.now());
        // Two keepalives at a 1 s interval take about 2 s: not a burst, not the default 30 s.
        assertTrue(elapsed.toMillis() >= 1500, "two keepalives after only " + elapsed);
    }

    @Test
    void answersTheChallengeWithTheHmacOfItsSecret() throws Exception {
        bridge.secret = "s3cret";
        SimulatedPhone phone = phone(options("SEP000000000002").withSecret("s3cret"));
        awaitRegistered(phone, Duration.ofSeconds(5));

        List<PhoneMessage.Register> registers = bridge.registers();
        assertEquals(2, registers.size());
        assertNull(registers.get(0).authResponse());
        assertEquals(AuthAnswer.compute("s3cret", FakeBridge.NONCE, "SEP000000000002"), registers.get(1).authResponse());
    }

    @Test
    void aChallengeWithoutSecretOrWithAWrongOneIsARefusal() throws Exception {
        bridge.secret = "s3cret";
        SimulatedPhone noSecret = phone(options("SEP000000000003"));
        SimulatedPhone wrongSecret = phone(options("SEP000000000004").withSecret("guess"));

        await().atMost(Duration.ofSeconds(5)).until(() -> noSecret.refusal() != null && wrongSecret.refusal() != null);
        assertTrue(noSecret.refusal().startsWith("401"), noSecret.refusal());
        assertTrue(wrongSecret.refusal().startsWith("403"), wrongSecret.refusal());
        assertEquals(Registration.REFUSED, registration(noSecret));
        assertEquals(3, bridge.registers().size(), "one Register without secret, two with the wrong one");
    }

    @Test
    void acknowledgesEveryMessageThatCarriesASeqAndShowsIt() throws Exception {
        SimulatedPhone phone = phone(options("SEP000000000005"));
        awaitRegistered(phone, Duration.ofSeconds(5));
        InetSocketAddress at = bridge.phone("SEP000000000005");

        bridge.send(at, FakeBridge.layout());
        bridge.send(at, FakeBridge.callState(CallStateName.CONNECTED));
        bridge.send(at, new BridgeMessage.Display("Connected to 1002", 0));
        bridge.send(at, new BridgeMessage.Tone(ToneType.RING_BACK));
        await().atMost(Duration.ofSeconds(3)).until(() -> bridge.endpoint().requestsInFlight() == 0);

        String screen = phone.render(false).join();
        assertTrue(screen.contains("call 01000001 L1 Connected"), screen);
        assertTrue(screen.contains("Connected to 1002"), screen);
        assertTrue(screen.contains("[Hold] [EndCall] [Trnsfer]"), screen);
        assertTrue(screen.contains("tone RingBack"), screen);
        assertEquals(0, bridge.endpoint().stats().retransmitted(), "acked at once, never retransmitted");
    }

    @Test
    void rtpFlowsBetweenTwoPhonesAfterStartMediaAndStopsAfterStopMedia() throws Exception {
        SimulatedPhone alice = phone(options("SEP0000000000A1"));
        SimulatedPhone bob = phone(options("SEP0000000000B2"));
        awaitRegistered(alice, Duration.ofSeconds(5));
        awaitRegistered(bob, Duration.ofSeconds(5));
        InetSocketAddress a = bridge.phone("SEP0000000000A1");
        InetSocketAddress b = bridge.phone("SEP0000000000B2");
        CallId callA = new CallId("00000001");
        CallId callB = new CallId("00000002");

        bridge.send(a, new BridgeMessage.OpenMedia(callA, new BridgeMessage.CodecInfo("PCMU", 20)));
        bridge.send(b, new BridgeMessage.OpenMedia(callB, new BridgeMessage.CodecInfo("PCMU", 20)));
        await().atMost(Duration.ofSeconds(3)).until(() -> bridge.mediaInfo(a) != null && bridge.mediaInfo(b) != null);
        MediaAddress mediaA = bridge.mediaInfo(a).media();
        MediaAddress mediaB = bridge.mediaInfo(b).media();
        assertEquals(alice.mediaAddress(), mediaA, "MediaInfo names the phone's real RTP socket");
        assertEquals(bob.mediaAddress(), mediaB);
        assertEquals("PCMU", bridge.mediaInfo(a).codec());

        BridgeMessage.CodecInfo pcmu = new BridgeMessage.CodecInfo("PCMU", 20);
        bridge.send(a, new BridgeMessage.StartMedia(callA, mediaB, pcmu, MediaDirection.SEND_RECV));
        bridge.send(b, new BridgeMessage.StartMedia(callB, mediaA, pcmu, MediaDirection.SEND_RECV));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                alice.rtpTotal().received() > 10 && bob.rtpTotal().received() > 10);
        assertTrue(alice.rtpReport().contains("call 00000001"), alice.rtpReport());

        bridge.send(a, new BridgeMessage.StopMedia(callA));
        bridge.send(b, new BridgeMessage.StopMedia(callB));
        await().atMost(Duration.ofSeconds(3)).until(() -> bridge.endpoint().requestsInFlight() == 0);
        Thread.sleep(100); // a packet already in flight may still land
        long sentA = alice.rtpTotal().sent();
        long receivedB = bob.rtpTotal().received();
        Thread.sleep(300);
        assertEquals(sentA, alice.rtpTotal().sent(), "StopMedia stops sending");
        assertEquals(receivedB, bob.rtpTotal().received());
    }

    @Test
    void aResetMakesThePhoneRegisterAgain() throws Exception {
        SimulatedPhone phone = phone(options("SEP000000000006"));
        awaitRegistered(phone, Duration.ofSeconds(5));

        bridge.send(bridge.phone("SEP000000000006"), new BridgeMessage.Reset(ResetType.REREGISTER));
        await().atMost(Duration.ofSeconds(5)).until(() -> bridge.registers().size() == 2);
        awaitRegistered(phone, Duration.ofSeconds(5));
        bridge.send(bridge.phone("SEP000000000006"), new BridgeMessage.Reset(ResetType.RESTART));
        await().atMost(Duration.ofSeconds(5)).until(() -> bridge.registers().size() == 3);
    }

    @Test
    void registersThroughThirtyPercentLoss() throws Exception {
        bridge.keepaliveSeconds = 1;
        SimulatedPhone phone = phone(options("SEP000000000007").withLoss(30, 42));
        awaitRegistered(phone, Duration.ofSeconds(30));
        // Keepalives keep working through the loss too: retransmitted until answered.
        await().atMost(Duration.ofSeconds(30)).until(() -> bridge.count(MessageType.KEEP_ALIVE) >= 3);
        assertTrue(phone.rtpReport().contains("loss relay"), phone.rtpReport());
        assertEquals(Registration.REGISTERED, registration(phone));
        Inbound first = bridge.received().get(0);
        assertNotNull(first);
    }
}
