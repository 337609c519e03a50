package org.sscpbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
import org.sscpbridge.it.support.SippProcess;
import org.sscpbridge.it.support.TestPhone;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.ForwardType;
import org.sscpbridge.sscp.message.HistoryType;
import org.sscpbridge.sscp.message.PhoneBookAction;
import org.sscpbridge.sscp.message.PhoneBookEntry;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.SoftKey;

/**
 * Issue 11: what a phone was told is stored (a phone book entry, a forward, a history entry once
 * the call ended) survives an orderly restart of the bridge and a kill -9 of its JVM, follows the
 * device to a new address, and acts: the forward routes a real SIP call after the crash, Redial
 * dials what the history kept.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DurableFeaturesIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String DEVICE = "SEP0000000060A1";

    @TempDir
    static Path work;

    private KamailioServer kamailio;
    private BridgeProcess bridge;
    private InetSocketAddress sscp;
    private Map<String, String> config;
    private Map<String, Map<String, String>> devices;

    @BeforeAll
    void start() throws Exception {
        kamailio = KamailioServer.start(work, Map.of("6001", "pw6001"));
        int sscpPort = FreePorts.udp();
        sscp = new InetSocketAddress("127.0.0.1", sscpPort);
        config = new HashMap<>(Map.of(
                "sscp.address", "127.0.0.1",
                "sscp.port", String.valueOf(sscpPort),
                "sip.port", String.valueOf(FreePorts.udp()),
                "sip.registrar", kamailio.uri(),
                "data.dir", work.resolve("store").toString()));
        devices = Map.of("sscp.device-a", Map.of("device.id", DEVICE, "line1.number", "6001",
                "line1.password", "pw6001", "line1.name", "Alice"));
        bridge = BridgeProcess.start(work.resolve("run1"), config, devices);
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

    private TestPhone registered() throws Exception {
        TestPhone p = new TestPhone(sscp);
        p.send(new PhoneMessage.Register(DEVICE, "AP-IP300", "1.0", null, null));
        p.await(BridgeMessage.RegisterAck.class);
        p.await(BridgeMessage.Display.class, d -> d.text().equals("Line 6001: registered"), WAIT);
        return p;
    }

    @Test
    void phoneBookForwardAndHistorySurviveARestartAndAKill9() throws Exception {
        // Before: a personal entry, a forward and a finished call, each acknowledged to the phone.
        try (TestPhone phone = registered();
                SippProcess uas = SippProcess.start(work, "uas-answer.xml", null)) {
            kamailio.addBinding("6050", "sip:6050@127.0.0.1:" + uas.sipPort());
            phone.send(new PhoneMessage.PhoneBook(PhoneBookAction.STORE, new PhoneBookEntry(null, "Durable", "Dora",
                    "6099")));
            assertEquals(200, phone.await(BridgeMessage.PhoneBookResult.class).code());
            phone.send(new PhoneMessage.PhoneBook(PhoneBookAction.STORE, new PhoneBookEntry(null, "Nonumber", null,
                    null)));
            BridgeMessage.Error refused = phone.await(BridgeMessage.Error.class);
            assertEquals(400, refused.code());
            assertEquals("number missing", refused.text());

            phone.send(new PhoneMessage.Dial("6050", null));
            BridgeMessage.CallState up = phone.await(BridgeMessage.CallState.class,
                    c -> c.state() == CallStateName.CONNECTED, WAIT);
            Thread.sleep(1_200);
            phone.send(new PhoneMessage.OnHook(null));
            phone.await(BridgeMessage.CallState.class, c -> c.callId().equals(up.callId())
                    && c.state() == CallStateName.IDLE, WAIT);
            assertEquals(0, uas.await(30), uas.output());

            phone.send(new PhoneMessage.Forward(ForwardType.ALL, "6077"));
            BridgeMessage.ForwardStatus status = phone.await(BridgeMessage.ForwardStatus.class);
            assertTrue(status.forwards().stream().anyMatch(f -> f.active() && "6077".equals(f.number())),
                    status.toString());
            // The history entry is written when the call ends; give the store's thread a moment.
            Thread.sleep(500);
        }

        // An orderly restart: everything is still there.
        bridge.close();
        bridge = BridgeProcess.start(work.resolve("run2"), config, devices);
        try (TestPhone phone = registered()) {
            assertDurable(phone);
        }

        // A crash: kill -9 of the JVM, no shutdown of anything; then a phone at a new address.
        bridge.kill();
        bridge = BridgeProcess.start(work.resolve("run3"), config, devices);
        try (TestPhone phone = registered()) {
            assertDurable(phone);
            // The forward acts: a SIP caller of line 6001 is sent to 6077 (302) without ringing the phone.
            try (SippProcess caller = SippProcess.start(work, "uac-expect-302.xml", Map.of("target", "6077"),
                    "127.0.0.1:" + kamailio.port(), "-s", "6001")) {
                assertEquals(0, caller.await(30), caller.output());
            }
            assertTrue(!phone.receives(BridgeMessage.Ringer.class, Duration.ofMillis(300)), "the phone must not ring");
            // Redial reads the kept history: the INVITE goes to 6050 again.
            try (SippProcess uas = SippProcess.start(work, "uas-answer.xml", null)) {
                kamailio.replaceBinding("6050", "sip:6050@127.0.0.1:" + uas.sipPort());
                phone.send(new PhoneMessage.SoftKeyEvent(SoftKey.REDIAL, null, null));
                BridgeMessage.CallState up = phone.await(BridgeMessage.CallState.class,
                        c -> c.state() == CallStateName.CONNECTED, WAIT);
                assertEquals("6050", up.party().number());
                phone.send(new PhoneMessage.OnHook(null));
                assertEquals(0, uas.await(30), uas.output());
            }
            phone.send(new PhoneMessage.Forward(ForwardType.ALL, null));
            phone.await(BridgeMessage.ForwardStatus.class);
        }
    }

    /**
     * VoiceMail (message 15) for another mailbox: the PBX is told whose, as RFC 4458's target (checked
     * in To, which keeps the URI as the bridge sent it; Kamailio's lookup rewrites the Request-URI).
     */
    @Test
    void voiceMailForAnotherMailboxNamesItAsTheTarget() throws Exception {
        TestPhone phone = registered();
        try (SippProcess pilot = SippProcess.start(work, "uas-answer-checked.xml",
                        Map.of("expect", "To: .sip:\\*97@127\\.0\\.0\\.1;target=sip:6055%40127\\.0\\.0\\.1"), null)) {
            kamailio.replaceBinding("*97", "sip:*97@127.0.0.1:" + pilot.sipPort());
            phone.send(new PhoneMessage.VoiceMail("6055"));
            phone.await(BridgeMessage.CallState.class, c -> c.state() == CallStateName.CONNECTED, WAIT);
            phone.send(new PhoneMessage.OnHook(null));
            assertEquals(0, pilot.await(30), pilot.output());
        } finally {
            // The device leaves in order, so the next test's phone (a new address) is not refused 409.
            phone.send(new PhoneMessage.Unregister());
            phone.await(BridgeMessage.UnregisterAck.class);
            phone.close();
        }
    }

    private void assertDurable(TestPhone phone) throws Exception {
        phone.send(new PhoneMessage.PhoneBook(PhoneBookAction.SEARCH, new PhoneBookEntry(null, "dur", null, null)));
        BridgeMessage.PhoneBookResult found = phone.await(BridgeMessage.PhoneBookResult.class);
        assertEquals(1, found.total(), found.toString());
        assertEquals("6099", found.users().get(0).number());

        phone.send(new PhoneMessage.CallHistory(new PhoneMessage.HistoryQuery(HistoryType.PLACED, 5)));
        List<BridgeMessage.HistoryEntry> placed = phone.await(BridgeMessage.CallHistoryResult.class).entries().stream()
                .filter(e -> e.number().equals("6050")).toList();
        assertEquals(1, placed.size(), placed.toString());
        assertTrue(placed.get(0).durationSeconds() >= 1, "the real duration is kept: " + placed);

        String forwards = bridge.run("sscp:forward " + DEVICE);
        assertTrue(forwards.contains("all       6077"), forwards);
    }
}
