package org.sscpbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.sscpbridge.it.support.BridgeProcess;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.it.support.KamailioServer;
import org.sscpbridge.it.support.SippProcess;
import org.sscpbridge.it.support.TestPhone;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.LampMode;
import org.sscpbridge.sscp.message.LampType;
import org.sscpbridge.sscp.message.PhoneMessage;

/**
 * SPEC §6 MWI: a phone line's message-summary subscription at a SIPp notifier (mwi.server) lights
 * and clears the phone's Lamp; an unsolicited NOTIFY to the bridge's SIP port does too; the lamp is
 * set again after the phone re-registers. Kamailio is the registrar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MessageWaitingIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String DEVICE = "SEP0000000031A1";
    private static final String LINE = "3101";

    @TempDir
    static Path work;

    private KamailioServer kamailio;
    private SippProcess notifier;
    private BridgeProcess bridge;
    private InetSocketAddress sscp;
    private int sipPort;
    private TestPhone phone;

    @BeforeAll
    void start() throws Exception {
        kamailio = KamailioServer.start(work, Map.of(LINE, "pw3101"));
        notifier = SippProcess.start(work, "uas-mwi-notifier.xml", Map.of("pause", "1500"), null);
        int sscpPort = FreePorts.udp();
        sipPort = FreePorts.udp();
        sscp = new InetSocketAddress("127.0.0.1", sscpPort);
        bridge = BridgeProcess.start(work, Map.of(
                "sscp.address", "127.0.0.1",
                "sscp.port", String.valueOf(sscpPort),
                "sip.port", String.valueOf(sipPort),
                "sip.registrar", kamailio.uri(),
                "mwi.server", "sip:127.0.0.1:" + notifier.sipPort()), Map.of(
                "sscp.device-mwi", Map.of("device.id", DEVICE, "line1.number", LINE,
                        "line1.password", "pw3101", "line1.name", "Mia")));
        Thread.sleep(1_500);
        phone = new TestPhone(sscp);
        register();
    }

    private void register() throws Exception {
        phone.send(new PhoneMessage.Register(DEVICE, "AP-IP300", "1.0", null, null));
        phone.await(BridgeMessage.RegisterAck.class);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {phone, bridge, notifier, kamailio}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static java.util.function.Predicate<BridgeMessage.Lamp> lamp(LampMode mode, int newCount, int oldCount) {
        return l -> l.lampType() == LampType.MESSAGE_WAITING && l.mode() == mode && l.messages() != null
                && l.messages().newCount() == newCount && l.messages().oldCount() == oldCount;
    }

    /** An unsolicited NOTIFY from SIPp to the bridge; returns SIPp's exit code (0: the expected answer came). */
    private int unsolicited(String line, String waiting, int newCount, int oldCount, int expectStatus)
            throws Exception {
        try (SippProcess uac = SippProcess.start(work, "uac-mwi-notify.xml", Map.of("waiting", waiting,
                "new", String.valueOf(newCount), "old", String.valueOf(oldCount), "status",
                String.valueOf(expectStatus)), "127.0.0.1:" + sipPort, "-s", line)) {
            return uac.await(20);
        }
    }

    @Test
    @Order(1)
    void subscriptionNotifiesLightAndClearTheLamp() throws Exception {
        phone.await(BridgeMessage.Display.class, d -> d.text().equals("Line " + LINE + ": registered"), WAIT);
        BridgeMessage.Lamp on = phone.await(BridgeMessage.Lamp.class, lamp(LampMode.ON, 2, 5), WAIT);
        assertEquals(LampType.MESSAGE_WAITING, on.lampType());
        phone.await(BridgeMessage.Lamp.class, lamp(LampMode.OFF, 0, 7), WAIT);
        assertEquals(0, notifier.await(20), "the notifier's SUBSCRIBE checks and NOTIFY answers:\n"
                + notifier.output());
    }

    @Test
    @Order(2)
    void unsolicitedNotifyTogglesTheLamp() throws Exception {
        assertEquals(0, unsolicited(LINE, "yes", 3, 1, 200));
        phone.await(BridgeMessage.Lamp.class, lamp(LampMode.ON, 3, 1), WAIT);
        assertEquals(0, unsolicited(LINE, "no", 0, 4, 200));
        phone.await(BridgeMessage.Lamp.class, lamp(LampMode.OFF, 0, 4), WAIT);
        assertEquals(0, unsolicited("3999", "yes", 1, 0, 404), "no phone has line 3999");
    }

    @Test
    @Order(3)
    void lampIsSetAgainAfterThePhoneReRegisters() throws Exception {
        assertEquals(0, unsolicited(LINE, "yes", 4, 2, 200));
        phone.await(BridgeMessage.Lamp.class, lamp(LampMode.ON, 4, 2), WAIT);
        phone.send(new PhoneMessage.Unregister());
        phone.await(BridgeMessage.UnregisterAck.class);
        phone.forget();
        register();
        phone.await(BridgeMessage.Lamp.class, lamp(LampMode.ON, 4, 2), WAIT);
    }
}
