package org.sscpbridge.it;

import static org.awaitility.Awaitility.await;
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
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sscpbridge.it.support.RunsAlongside;
import org.sscpbridge.it.support.BridgeProcess;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.it.support.KamailioServer;
import org.sscpbridge.it.support.SippProcess;
import org.sscpbridge.it.support.TestPhone;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallId;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.PhoneMessage;

/**
 * Issue 14, "interop faults": a SIP far end (SIPp) that never ACKs the bridge's 200, never
 * answers its BYE, or sends a BYE for a dialog that does not exist. The bridge in real Felix (JMX
 * on loopback), a real Kamailio, simulated phones (lines 3141, 3142).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@RunsAlongside
@ResourceLock("InteropFaultsIT")
class InteropFaultsIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String DEV_A = "SEP0000000031A1";
    private static final String DEV_B = "SEP0000000031B2";

    @TempDir
    static Path work;

    private KamailioServer kamailio;
    private BridgeProcess bridge;
    private InetSocketAddress sscp;
    private int sipPort;
    private JMXConnector jmx;
    private MBeanServerConnection mbeans;
    private TestPhone a;
    private TestPhone b;
    private final Deque<AutoCloseable> running = new ArrayDeque<>();

    @BeforeAll
    void start() throws Exception {
        kamailio = KamailioServer.start(work, Map.of("3141", "pw3141", "3142", "pw3142"));
        int sscpPort = FreePorts.udp();
        int jmxPort = FreePorts.udpAndTcp();
        sipPort = FreePorts.udp();
        sscp = new InetSocketAddress("127.0.0.1", sscpPort);
        bridge = BridgeProcess.start(work, Map.of(
                "sscp.address", "127.0.0.1",
                "sscp.port", String.valueOf(sscpPort),
                "sip.port", String.valueOf(sipPort),
                "sip.registrar", kamailio.uri(),
                "interdigit.timeout", "2"), Map.of(
                "sscp.device-a", Map.of("device.id", DEV_A, "line1.number", "3141", "line1.password", "pw3141"),
                "sscp.device-b", Map.of("device.id", DEV_B, "line1.number", "3142", "line1.password", "pw3142")),
                BridgeProcess.jmxOptions(jmxPort));
        jmx = JMXConnectorFactory.connect(
                new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"));
        mbeans = jmx.getMBeanServerConnection();
        Thread.sleep(1_500);
        a = registered(DEV_A, "3141");
        b = registered(DEV_B, "3142");
        Thread.sleep(500);
        a.forget();
        b.forget();
    }

    private TestPhone registered(String device, String line) throws Exception {
        TestPhone p = new TestPhone(sscp);
        p.send(new PhoneMessage.Register(device, "AP-IP300", "1.0", null, null));
        p.await(BridgeMessage.RegisterAck.class);
        await().atMost(WAIT).until(() -> kamailio.hasBinding(line));
        return p;
    }

    @AfterEach
    void noCallLeftBehind() throws Exception {
        try {
            if (!bridge.run("sscp:calls").contains("0 calls")) {
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
        for (AutoCloseable c : new AutoCloseable[] {a, b, jmx}) {
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

    private long sip(String attribute, String key) throws Exception {
        CompositeData row = ((TabularData) mbeans.getAttribute(new ObjectName("org.sscpbridge:type=Sip"), attribute))
                .get(new Object[] {key});
        return row == null ? 0 : (Long) row.get("value");
    }

    private long phonesCalls() throws Exception {
        return (Long) mbeans.getAttribute(new ObjectName("org.sscpbridge:type=Phones"), "Calls");
    }

    private static java.util.function.Predicate<BridgeMessage.CallState> is(CallId call, CallStateName s) {
        return cs -> cs.callId().equals(call) && cs.state() == s;
    }

    /**
     * A SIPp caller never ACKs the 200 of the phone's answer: the bridge retransmits the 200
     * (RFC 3261 §13.3.1.4, SIPp counts them) and after 64*T1 (32 s) without ACK the call ends: the phone is
     * told Idle, no call is left, and the far end gets BYE (RFC 3261 §13.3.1.4).
     */
    @Test
    void aFarEndThatNeverAcksOurAnswerIsHungUpAfterTimerH() throws Exception {
        SippProcess uac = running(SippProcess.start(work, "uac-no-ack.xml", "127.0.0.1:" + kamailio.port(),
                "-s", "3141"));
        CallId call = a.await(BridgeMessage.CallState.class, cs -> cs.state() == CallStateName.RING_IN, WAIT).callId();
        a.send(new PhoneMessage.OffHook(null));
        a.await(BridgeMessage.StartMedia.class, m -> m.callId().equals(call), WAIT);
        long answeredAt = System.nanoTime();
        a.await(BridgeMessage.CallState.class, is(call, CallStateName.IDLE), Duration.ofSeconds(45));
        long seconds = Duration.ofNanos(System.nanoTime() - answeredAt).toSeconds();
        assertTrue(seconds >= 25, "ended " + seconds + " s after the answer: before Timer H?");
        // SIPp waits up to 40 s after the 200 for the BYE, which must come; it saw the 200 retransmitted.
        assertEquals(0, uac.await(30), "SIPp (expects our BYE):\n" + uac.output());
        java.util.regex.Matcher ok = java.util.regex.Pattern.compile("200 <-+\\s+E-RTD1\\s+1\\s+(\\d+)")
                .matcher(uac.output());
        assertTrue(ok.find() && Integer.parseInt(ok.group(1)) >= 5, "200 retransmitted:\n" + uac.output());
        a.send(new PhoneMessage.OnHook(null));
        bridge.awaitOutput("sscp:calls", "0 calls", WAIT);
        assertEquals(0, phonesCalls());
    }

    /**
     * The phone hangs up on a far end that never answers the BYE: the phone is Idle at once and
     * the bridge lists no call; after the BYE transaction times out (Timer F, 32 s) still none,
     * the timeout is counted, and the same phone places the next call normally.
     */
    @Test
    void aFarEndThatNeverAnswersOurByeDoesNotHoldThePhoneOrLeak() throws Exception {
        SippProcess uas = running(SippProcess.start(work, "uas-answer-ignore-bye.xml", Map.of("hold", "36000"), null));
        kamailio.addBinding("4141", "sip:4141@127.0.0.1:" + uas.sipPort());
        long byeTimeouts = sip("Timeouts", "BYE");
        a.send(new PhoneMessage.Dial("4141", null));
        CallId call = a.await(BridgeMessage.CallState.class, cs -> cs.state() == CallStateName.CONNECTED, WAIT)
                .callId();
        a.send(new PhoneMessage.OnHook(null));
        long hungUp = System.nanoTime();
        a.await(BridgeMessage.CallState.class, is(call, CallStateName.IDLE), Duration.ofSeconds(3));
        assertTrue(Duration.ofNanos(System.nanoTime() - hungUp).toMillis() < 3_000, "Idle at once");
        bridge.awaitOutput("sscp:calls", "0 calls", Duration.ofSeconds(3));
        assertEquals(0, phonesCalls());

        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1))
                .until(() -> sip("Timeouts", "BYE") == byeTimeouts + 1);
        assertTrue(bridge.run("sscp:calls").contains("0 calls"));
        assertEquals(0, phonesCalls());
        assertEquals(0, uas.await(30), "SIPp:\n" + uas.output());

        // No leftover on the phone or its line: the next call goes through.
        a.forget();
        a.send(new PhoneMessage.Dial("3142", null));
        CallId next = b.await(BridgeMessage.CallState.class, cs -> cs.state() == CallStateName.RING_IN, WAIT).callId();
        b.send(new PhoneMessage.OffHook(null));
        a.await(BridgeMessage.CallState.class, cs -> cs.state() == CallStateName.CONNECTED, WAIT);
        a.send(new PhoneMessage.OnHook(null));
        b.await(BridgeMessage.CallState.class, is(next, CallStateName.IDLE), WAIT);
        b.send(new PhoneMessage.OnHook(null));
        List<String> errors = bridge.log().lines().stream().filter(l -> l.contains("ERROR")).toList();
        assertEquals(List.of(), errors);
    }

    /** A BYE for a dialog the bridge does not have gets 481 and a live call on another phone stays up. */
    @Test
    void aByeForAnUnknownDialogGets481AndDisturbsNoLiveCall() throws Exception {
        a.send(new PhoneMessage.Dial("3142", null));
        CallId ringing = b.await(BridgeMessage.CallState.class, cs -> cs.state() == CallStateName.RING_IN, WAIT)
                .callId();
        b.send(new PhoneMessage.OffHook(null));
        CallId call = a.await(BridgeMessage.CallState.class, cs -> cs.state() == CallStateName.CONNECTED, WAIT)
                .callId();
        b.await(BridgeMessage.CallState.class, is(ringing, CallStateName.CONNECTED), WAIT);
        Thread.sleep(300);
        a.forget();
        b.forget();

        for (String user : new String[] {"3142", "3141", "9999"}) {
            SippProcess stray = running(SippProcess.start(work, "uac-bye-unknown.xml", "127.0.0.1:" + sipPort,
                    "-s", user));
            assertEquals(0, stray.await(30), "SIPp (expects 481) for " + user + ":\n" + stray.output());
        }
        assertFalse(a.receives(BridgeMessage.CallState.class, cs -> cs.state() != CallStateName.CONNECTED,
                Duration.ofSeconds(1)), "A's call was disturbed");
        assertFalse(b.receives(BridgeMessage.CallState.class, cs -> cs.state() != CallStateName.CONNECTED,
                Duration.ofMillis(100)), "B's call was disturbed");
        assertFalse(b.receives(BridgeMessage.StopMedia.class, Duration.ofMillis(100)), "B's media stopped");
        String calls = bridge.run("sscp:calls");
        assertTrue(calls.contains("2 calls"), calls);
        assertEquals(2, calls.lines().filter(l -> l.contains("Connected")).count(), calls);

        a.send(new PhoneMessage.OnHook(null));
        a.await(BridgeMessage.CallState.class, is(call, CallStateName.IDLE), WAIT);
        b.await(BridgeMessage.CallState.class, is(ringing, CallStateName.IDLE), WAIT);
        b.send(new PhoneMessage.OnHook(null));
    }
}
