package org.sscpbridge.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sscpbridge.it.support.BridgeProcess;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.it.support.KamailioServer;
import org.sscpbridge.it.support.TestPhone;
import org.sscpbridge.phone.DeviceChallenge;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.ResetType;

/**
 * SSCP over real UDP to the bridge in real Felix, and each phone line registered at a real
 * Kamailio exactly as long as its phone is alive (steps 2 and 4).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PhoneRegistrationIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path work;

    private KamailioServer kamailio;
    private BridgeProcess bridge;
    private InetSocketAddress sscp;

    @BeforeAll
    void start() throws Exception {
        kamailio = KamailioServer.start(work, Map.of(
                "2001", "pw2001", "2002", "pw2002", "2003", "pw2003", "2004", "pw2004", "2005", "pw2005",
                "2006", "pw2006"));
        int sscpPort = FreePorts.udp();
        sscp = new InetSocketAddress("127.0.0.1", sscpPort);
        bridge = BridgeProcess.start(work, Map.of(
                "sscp.address", "127.0.0.1",
                "sscp.port", String.valueOf(sscpPort),
                "sip.port", String.valueOf(FreePorts.udp()),
                "sip.registrar", kamailio.uri(),
                "keepalive", "5",
                "register.retry.base", "1",
                "register.retry.max", "4"), Map.of(
                "sscp.device-a", device("SEP0000000000A1", "2001", "pw2001"),
                "sscp.device-b", device("SEP0000000000B2", "2002", "wrong-password"),
                "sscp.device-c", Map.of("device.id", "SEP0000000000C3", "line1.number", "2003",
                        "line1.password", "pw2003", "secret", "s3cr3t"),
                "sscp.device-d", device("SEP0000000000D4", "2004", "pw2004"),
                "sscp.device-e", device("SEP0000000000E5", "2005", "pw2005"),
                "sscp.device-f", device("SEP0000000000F6", "2006", "pw2006")));
        // FileInstall hands the device files over shortly after start.
        Thread.sleep(1_500);
    }

    private static Map<String, String> device(String id, String number, String password) {
        return Map.of("device.id", id, "line1.number", number, "line1.password", password,
                "line1.name", "Line " + number, "speeddial1", "1002 Reception");
    }

    @AfterAll
    void stop() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        if (kamailio != null) {
            kamailio.close();
        }
    }

    private static PhoneMessage.Register register(String deviceId) {
        return new PhoneMessage.Register(deviceId, "AP-IP300", "1.0", null, null);
    }

    @Test
    void anUnregisteredSenderGetsError401AndNothingElse() throws Exception {
        try (TestPhone phone = new TestPhone(sscp)) {
            long seq = phone.sendWithSeq(new PhoneMessage.KeepAlive());
            Frame error = phone.awaitFrame(BridgeMessage.Error.class, e -> true, WAIT);
            assertEquals(401, ((BridgeMessage.Error) error.message()).code());
            assertEquals(seq, error.seq());
        }
    }

    @Test
    void anUnknownDeviceIsRefused() throws Exception {
        try (TestPhone phone = new TestPhone(sscp)) {
            phone.send(register("SEP0000000000FF"));
            BridgeMessage.RegisterReject reject = phone.await(BridgeMessage.RegisterReject.class);
            assertEquals(403, reject.code());
        }
    }

    @Test
    void aConfiguredPhoneRegistersItsLineAtKamailioUntilItUnregisters() throws Exception {
        try (TestPhone phone = new TestPhone(sscp)) {
            phone.send(register("SEP0000000000A1"));
            BridgeMessage.RegisterAck ack = phone.await(BridgeMessage.RegisterAck.class);
            assertEquals(5, ack.keepaliveSeconds());
            assertEquals(List.of(new BridgeMessage.LineInfo(1, "2001", "Line 2001")), ack.lines());
            BridgeMessage.Display shown = phone.await(BridgeMessage.Display.class,
                    d -> d.text().contains("2001"), WAIT);
            assertEquals("Line 2001: registered", shown.text());
            assertTrue(kamailio.hasBinding("2001"), kamailio.kamcmd("ul.dump").output());
            String phones = bridge.awaitOutput("sscp:phones", "2001 registered", WAIT);
            assertTrue(phones.contains("SEP0000000000A1"), phones);
            assertTrue(phones.contains("127.0.0.1:" + phone.address().getPort()), phones);

            long seq = phone.sendWithSeq(new PhoneMessage.KeepAlive());
            Frame keepAliveAck = phone.awaitFrame(BridgeMessage.KeepAliveAck.class, k -> true, WAIT);
            assertEquals(seq, keepAliveAck.seq());

            phone.send(new PhoneMessage.LayoutRequest());
            BridgeMessage.PhoneLayout layout = phone.await(BridgeMessage.PhoneLayout.class);
            assertEquals("1002", layout.speedDials().get(0).number());
            assertFalse(layout.softKeySets().isEmpty());

            phone.send(new PhoneMessage.Unregister());
            phone.await(BridgeMessage.UnregisterAck.class);
            await().atMost(WAIT).until(() -> !kamailio.hasBinding("2001"));
            bridge.awaitOutput("sscp:phones", "0 phones", WAIT);
        }
    }

    @Test
    void badDatagramsFromARegisteredPhoneGetError400AndThePhoneStaysRegistered() throws Exception {
        try (TestPhone phone = new TestPhone(sscp)) {
            phone.send(register("SEP0000000000F6"));
            phone.await(BridgeMessage.RegisterAck.class);
            phone.sendRaw("<SSCP name=KeepAlive seq=7><Unclosed".getBytes(StandardCharsets.UTF_8));
            assertEquals(400, phone.await(BridgeMessage.Error.class).code());
            phone.sendRaw(fixture("seed-11-HeadsetStatus.xml"));
            BridgeMessage.Error placeholder = phone.await(BridgeMessage.Error.class);
            assertEquals(400, placeholder.code());
            phone.sendRaw(new byte[] {0, 1, 2, 3, (byte) 0xFF});
            assertEquals(400, phone.await(BridgeMessage.Error.class).code());
            long seq = phone.sendWithSeq(new PhoneMessage.KeepAlive());
            assertEquals(seq, phone.awaitFrame(BridgeMessage.KeepAliveAck.class, k -> true, WAIT).seq());
            phone.send(new PhoneMessage.Unregister());
            phone.await(BridgeMessage.UnregisterAck.class);
        }
    }

    @Test
    void theSeedDatagramsGetTheSpecsAnswers() throws Exception {
        try (TestPhone phone = new TestPhone(sscp)) {
            phone.send(register("SEP0000000000F6"));
            phone.await(BridgeMessage.RegisterAck.class);

            phone.sendRaw(fixture("seed-10-Forward-labelled.txt"));
            BridgeMessage.ForwardStatus forwards = phone.await(BridgeMessage.ForwardStatus.class);
            assertTrue(forwards.forwards().contains(
                    new BridgeMessage.ForwardInfo(org.sscpbridge.sscp.message.ForwardType.ALL, "1012", true)),
                    forwards.toString());

            phone.send(new PhoneMessage.PhoneBook(org.sscpbridge.sscp.message.PhoneBookAction.STORE,
                    new org.sscpbridge.sscp.message.PhoneBookEntry("test1012", "Kim", "Sangmi", "1012")));
            assertEquals(200, phone.await(BridgeMessage.PhoneBookResult.class).code());
            phone.sendRaw(fixture("seed-14-PhoneBook.xml"));
            BridgeMessage.PhoneBookResult found = phone.await(BridgeMessage.PhoneBookResult.class);
            assertEquals(1, found.total());
            assertEquals("1012", found.users().get(0).number());

            phone.send(new PhoneMessage.CallHistory(new PhoneMessage.HistoryQuery(
                    org.sscpbridge.sscp.message.HistoryType.MISSED, 20)));
            assertEquals(List.of(), phone.await(BridgeMessage.CallHistoryResult.class).entries());

            // SpeedDial and SoftKeyEvent without seq have no answer of their own (expected.json: null).
            phone.sendRaw(fixture("seed-09-SpeedDial.xml"));
            phone.sendRaw(fixture("seed-12-SoftKeyEvent-labelled.txt"));
            long seq = phone.sendWithSeq(new PhoneMessage.KeepAlive());
            assertEquals(seq, phone.awaitFrame(BridgeMessage.KeepAliveAck.class, k -> true, WAIT).seq());
            phone.send(new PhoneMessage.Unregister());
            phone.await(BridgeMessage.UnregisterAck.class);
        }
    }

    @Test
    void changingOneDeviceFileTouchesOnlyThatPhone() throws Exception {
        try (TestPhone e = new TestPhone(sscp); TestPhone f = new TestPhone(sscp)) {
            e.send(register("SEP0000000000E5"));
            e.await(BridgeMessage.RegisterAck.class);
            f.send(register("SEP0000000000F6"));
            f.await(BridgeMessage.RegisterAck.class);
            await().atMost(WAIT).until(() -> kamailio.hasBinding("2005") && kamailio.hasBinding("2006"));
            long eRegisters = kamailio.registerCount("2005");

            bridge.writeCfg("sscp.device-f", Map.of("device.id", "SEP0000000000F6", "line1.number", "2006",
                    "line1.password", "pw2006", "line1.name", "Front desk", "speeddial1", "1002 Reception"));
            BridgeMessage.PhoneLayout layout = f.await(BridgeMessage.PhoneLayout.class, l -> true, WAIT);
            assertEquals("Front desk", layout.lines().get(0).label());
            f.await(BridgeMessage.Display.class, d -> d.text().equals("Line 2006: registered"), WAIT);
            assertFalse(e.receives(BridgeMessage.PhoneLayout.class, Duration.ofSeconds(1)), "E was not changed");
            assertEquals(eRegisters, kamailio.registerCount("2005"), "E's line must not register again");

            String out = bridge.run("sscp:reload SEP0000000000F6");
            assertTrue(out.contains("reloaded"), out);
            f.await(BridgeMessage.PhoneLayout.class, l -> true, WAIT);
            out = bridge.run("sscp:reload SEP0000000000AA");
            assertTrue(out.contains("not registered"), out);

            e.send(new PhoneMessage.Unregister());
            e.await(BridgeMessage.UnregisterAck.class);
            f.send(new PhoneMessage.Unregister());
            f.await(BridgeMessage.UnregisterAck.class);
        }
    }

    @Test
    void aWrongLinePasswordIsShownOnThePhone() throws Exception {
        try (TestPhone phone = new TestPhone(sscp)) {
            phone.send(register("SEP0000000000B2"));
            phone.await(BridgeMessage.RegisterAck.class);
            BridgeMessage.Display d = phone.await(BridgeMessage.Display.class, x -> x.text().contains("2002"), WAIT);
            assertTrue(d.text().contains("registration failed"), d.text());
            assertTrue(d.text().contains("wrong credentials"), d.text());
            assertFalse(kamailio.hasBinding("2002"));
            phone.send(new PhoneMessage.Unregister());
            phone.await(BridgeMessage.UnregisterAck.class);
        }
    }

    @Test
    void aDeviceWithASecretMustAnswerTheChallengeAndAThirdPartyCannotStealIt() throws Exception {
        try (TestPhone phone = new TestPhone(sscp); TestPhone thief = new TestPhone(sscp)) {
            phone.send(register("SEP0000000000C3"));
            BridgeMessage.RegisterReject challenge = phone.await(BridgeMessage.RegisterReject.class);
            assertEquals(401, challenge.code());
            assertNotNull(challenge.challengeNonce());
            String answer = DeviceChallenge.response("s3cr3t", challenge.challengeNonce(), "SEP0000000000C3");
            phone.send(new PhoneMessage.Register("SEP0000000000C3", "AP-IP300", "1.0", null, answer));
            phone.await(BridgeMessage.RegisterAck.class);

            thief.send(register("SEP0000000000C3"));
            BridgeMessage.RegisterReject thiefChallenge = thief.await(BridgeMessage.RegisterReject.class);
            thief.send(new PhoneMessage.Register("SEP0000000000C3", "x", "1", null,
                    DeviceChallenge.response("guess", thiefChallenge.challengeNonce(), "SEP0000000000C3")));
            assertEquals(403, thief.await(BridgeMessage.RegisterReject.class).code());
            phone.send(new PhoneMessage.Unregister());
            phone.await(BridgeMessage.UnregisterAck.class);
        }
    }

    @Test
    void aLiveDeviceIsNotTakenOverFromAnotherAddressWithoutProof() throws Exception {
        try (TestPhone phone = new TestPhone(sscp); TestPhone other = new TestPhone(sscp)) {
            phone.send(register("SEP0000000000E5"));
            phone.await(BridgeMessage.RegisterAck.class);
            other.send(register("SEP0000000000E5"));
            assertEquals(409, other.await(BridgeMessage.RegisterReject.class).code());
            phone.send(new PhoneMessage.Unregister());
            phone.await(BridgeMessage.UnregisterAck.class);
        }
    }

    @Test
    void aSilentPhoneIsDroppedAfterThreeKeepalivesAndItsBindingGoesWithIt() throws Exception {
        try (TestPhone phone = new TestPhone(sscp)) {
            phone.send(register("SEP0000000000D4"));
            phone.await(BridgeMessage.RegisterAck.class);
            await().atMost(WAIT).until(() -> kamailio.hasBinding("2004"));
            // No KeepAlive from now on: 3 x 5 s of silence.
            await().atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> !kamailio.hasBinding("2004"));
            String phones = bridge.run("sscp:phones");
            assertFalse(phones.contains("SEP0000000000D4"), phones);
            // The phone can come back.
            phone.send(register("SEP0000000000D4"));
            phone.await(BridgeMessage.RegisterAck.class);
            await().atMost(WAIT).until(() -> kamailio.hasBinding("2004"));
            phone.send(new PhoneMessage.Unregister());
            phone.await(BridgeMessage.UnregisterAck.class);
            await().atMost(WAIT).until(() -> !kamailio.hasBinding("2004"));
        }
    }

    @Test
    void disableTellsPhonesResetAndRemovesEveryBinding() throws Exception {
        try (TestPhone a = new TestPhone(sscp); TestPhone f = new TestPhone(sscp)) {
            a.send(register("SEP0000000000A1"));
            a.await(BridgeMessage.RegisterAck.class);
            f.send(register("SEP0000000000F6"));
            f.await(BridgeMessage.RegisterAck.class);
            await().atMost(WAIT).until(() -> kamailio.hasBinding("2001") && kamailio.hasBinding("2006"));
            String out = bridge.run("sscp:disable");
            assertTrue(out.contains("disabled"), out);
            assertEquals(ResetType.RESTART, a.await(BridgeMessage.Reset.class).resetType());
            assertEquals(ResetType.RESTART, f.await(BridgeMessage.Reset.class).resetType());
            assertFalse(kamailio.hasBinding("2001"), "binding outlived its phone");
            assertFalse(kamailio.hasBinding("2006"), "binding outlived its phone");
            bridge.run("sscp:enable");
            a.send(register("SEP0000000000A1"));
            a.await(BridgeMessage.RegisterAck.class);
            await().atMost(WAIT).until(() -> kamailio.hasBinding("2001"));
            a.send(new PhoneMessage.Unregister());
            a.await(BridgeMessage.UnregisterAck.class);
        }
    }

    private static byte[] fixture(String name) throws Exception {
        try (InputStream in = PhoneRegistrationIT.class.getResourceAsStream("/sscp/fixtures/" + name)) {
            return in.readAllBytes();
        }
    }
}
