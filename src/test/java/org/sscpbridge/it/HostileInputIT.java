package org.sscpbridge.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
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
import org.sscpbridge.it.support.TestPhone;
import org.sscpbridge.phone.DeviceChallenge;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.PhoneMessage;

/**
 * Issue 14, "hostile SSCP input", end to end: the bridge in real Felix (JMX on loopback), a real
 * Kamailio, simulated phones. Each hostile datagram comes from a <em>registered</em> phone (so it
 * is answered with an Error where PROTOCOL §6.1/§7.1 say so), is counted, fetches nothing, and the
 * phone keeps working (KeepAlive answered, a call still connects). The decoder's unit coverage
 * ({@code MalformedCorpusTest}, the fuzz tests) and PhoneRegistrationIT (401, 409, a wrong HMAC
 * answer) are not repeated: this adds the counters, the no-fetch proof, the 64 KiB and 10 000-deep
 * datagrams over real UDP, a proven takeover and an unbound sender trying state-changing messages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String DEV_A = "SEP0000000014A1";
    private static final String DEV_B = "SEP0000000014B2";
    private static final String DEV_S = "SEP0000000014C3";
    private static final String SECRET = "h0st1le";

    @TempDir
    static Path work;

    private KamailioServer kamailio;
    private BridgeProcess bridge;
    private InetSocketAddress sscp;
    private JMXConnector jmx;
    private MBeanServerConnection mbeans;
    /** A TCP listener standing in for an attacker's server: an external entity or DTD would connect here. */
    private ServerSocket trap;
    private final AtomicInteger trapped = new AtomicInteger();
    private Thread trapThread;

    @BeforeAll
    void start() throws Exception {
        kamailio = KamailioServer.start(work, Map.of("2141", "pw2141", "2142", "pw2142", "2143", "pw2143"));
        int sscpPort = FreePorts.udp();
        int jmxPort = FreePorts.udpAndTcp();
        sscp = new InetSocketAddress("127.0.0.1", sscpPort);
        bridge = BridgeProcess.start(work, Map.of(
                "sscp.address", "127.0.0.1",
                "sscp.port", String.valueOf(sscpPort),
                "sip.port", String.valueOf(FreePorts.udp()),
                "sip.registrar", kamailio.uri(),
                "keepalive", "30"), Map.of(
                "sscp.device-a", Map.of("device.id", DEV_A, "line1.number", "2141", "line1.password", "pw2141"),
                "sscp.device-b", Map.of("device.id", DEV_B, "line1.number", "2142", "line1.password", "pw2142"),
                "sscp.device-s", Map.of("device.id", DEV_S, "line1.number", "2143", "line1.password", "pw2143",
                        "secret", SECRET)),
                BridgeProcess.jmxOptions(jmxPort));
        jmx = JMXConnectorFactory.connect(
                new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"));
        mbeans = jmx.getMBeanServerConnection();
        trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        trapThread = new Thread(() -> {
            while (!trap.isClosed()) {
                try (var s = trap.accept()) {
                    trapped.incrementAndGet();
                } catch (Exception e) {
                    return;
                }
            }
        }, "xxe-trap");
        trapThread.setDaemon(true);
        trapThread.start();
        // FileInstall hands the device files over shortly after start.
        Thread.sleep(1_500);
    }

    @AfterAll
    void stop() throws Exception {
        if (trap != null) {
            trap.close();
        }
        if (jmx != null) {
            jmx.close();
        }
        if (bridge != null) {
            bridge.close();
        }
        if (kamailio != null) {
            kamailio.close();
        }
    }

    private long sscpCounter(String attribute) throws Exception {
        return (Long) mbeans.getAttribute(new ObjectName("org.sscpbridge:type=Sscp"), attribute);
    }

    private TestPhone registered(String device, String line) throws Exception {
        TestPhone p = new TestPhone(sscp);
        p.send(new PhoneMessage.Register(device, "AP-IP300", "1.0", null, null));
        p.await(BridgeMessage.RegisterAck.class);
        await().atMost(WAIT).until(() -> kamailio.hasBinding(line));
        return p;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** The hostile datagrams answered with Error 400 (PROTOCOL §6.1), in the order sent. */
    private Map<String, byte[]> refusedWith400() {
        String url = "http://127.0.0.1:" + trap.getLocalPort();
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("XXE, external entity (http)", ascii("<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE SSCP [<!ENTITY xxe SYSTEM \"" + url + "/xxe\">]>\n"
                + "<SSCP name=\"PhoneBook\" seq=\"101\"><User lastname=\"&xxe;\"/></SSCP>"));
        m.put("XXE, external entity (file)", ascii("<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE SSCP [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                + "<SSCP name=\"PhoneBook\" seq=\"102\"><User lastname=\"&xxe;\"/></SSCP>"));
        m.put("XXE, parameter entity (http)", ascii("<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE SSCP [<!ENTITY % p SYSTEM \"" + url + "/p.dtd\"> %p;]>\n"
                + "<SSCP name=\"KeepAlive\" seq=\"103\"/>"));
        m.put("external DTD (http)", ascii("<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE SSCP SYSTEM \"" + url + "/sscp.dtd\">\n"
                + "<SSCP name=\"KeepAlive\" seq=\"104\"/>"));
        m.put("DOCTYPE inside the root (seed dialect)", ascii("<SSCP name=KeepAlive seq=105>"
                + "<!DOCTYPE x SYSTEM \"" + url + "/in-root.dtd\"></SSCP>"));
        StringBuilder lol = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            lol.append(" <!ENTITY lol").append(i).append(" \"");
            String prev = i == 1 ? "&lol;" : "&lol" + (i - 1) + ";";
            lol.append(prev.repeat(10)).append("\">\n");
        }
        lol.append("]>\n<SSCP name=\"PhoneBook\" seq=\"106\"><User lastname=\"&lol9;\"/></SSCP>");
        m.put("billion laughs", ascii(lol.toString()));
        // 10 000-deep nesting cannot fit in 8192 bytes (see tooLarge); this is as deep as fits.
        m.put("1 300-deep nesting (as deep as 8192 bytes allow)", ascii("<SSCP name=KeepAlive seq=107>"
                + "<a>".repeat(1_300) + "</>".repeat(1_300) + "</SSCP>"));
        m.put("invalid UTF-8, overlong '/'", concat(ascii("<SSCP name=PhoneBook seq=108><User lastname=\""),
                new byte[] {(byte) 0xC0, (byte) 0xAF}, ascii("\"/></SSCP>")));
        m.put("invalid UTF-8, encoded surrogate", concat(ascii("<SSCP name=PhoneBook seq=109><User lastname=\""),
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, ascii("\"/></SSCP>")));
        m.put("invalid UTF-8, truncated sequence", concat(ascii("<SSCP name=PhoneBook seq=110><User lastname=\"x"),
                new byte[] {(byte) 0xE2, (byte) 0x82}, ascii("\"/></SSCP>")));
        m.put("NUL byte in a value", concat(ascii("<SSCP name=Dial seq=111><Number value=\"12"),
                new byte[] {0}, ascii("34\"/></SSCP>")));
        m.put("NUL byte in the root's name", concat(ascii("<SSCP name=\"KeepAlive"), new byte[] {0},
                ascii("\" seq=112/>")));
        m.put("NUL bytes only, around a <", new byte[] {0, 0, '<', 0, 0, '>', 0});
        return m;
    }

    @Test
    @Order(1)
    void hostileDatagramsFromARegisteredPhoneAreRefusedWith400CountedAndFetchNothing() throws Exception {
        try (TestPhone a = registered(DEV_A, "2141")) {
            Map<String, byte[]> inputs = refusedWith400();
            long malformed = sscpCounter("Malformed");
            long errors = sscpCounter("ErrorsSent");
            long delivered = sscpCounter("Delivered");
            for (var e : inputs.entrySet()) {
                assertTrue(e.getValue().length <= 8192, e.getKey() + " must pass the size step");
                a.sendRaw(e.getValue());
                Frame error = a.awaitFrame(BridgeMessage.Error.class, x -> true, WAIT);
                assertEquals(400, ((BridgeMessage.Error) error.message()).code(), e.getKey() + ": " + error);
            }
            long m = malformed;
            await().atMost(WAIT).until(() -> sscpCounter("Malformed") == m + inputs.size());
            assertEquals(errors + inputs.size(), sscpCounter("ErrorsSent"), "one Error per hostile datagram");
            assertEquals(delivered, sscpCounter("Delivered"), "no hostile datagram reached the session");
            assertFalse(a.receives(BridgeMessage.Error.class, Duration.ofMillis(500)), "no second Error");
            assertEquals(0, trapped.get(), "an external entity or DTD was fetched");
            assertEquals(0L, sscpCounter("HandlerFailures"));
            assertEquals(0L, sscpCounter("InternalErrors"));

            long seq = a.sendWithSeq(new PhoneMessage.KeepAlive());
            assertEquals(seq, a.awaitFrame(BridgeMessage.KeepAliveAck.class, k -> true, WAIT).seq());
            String status = bridge.run("sscp:status");
            assertTrue(status.contains("malformed"), status);
            unregister(a);
        }
    }

    /**
     * A datagram over 8192 bytes is dropped unread (PROTOCOL §7.1: no Error, its seq cannot be
     * trusted): the UDP maximum (65 507 bytes of payload) and a 10 000-deep nesting (60 036 bytes)
     * are both counted as too-large, and the phone stays registered and answered.
     */
    @Test
    @Order(2)
    void datagramsOverTheLimitUpToTheUdpMaximumAreDroppedAndCounted() throws Exception {
        try (TestPhone a = registered(DEV_A, "2141")) {
            byte[] head = ascii("<SSCP name=\"PhoneBook\" seq=\"201\"><User lastname=\"");
            byte[] tail = ascii("\"/></SSCP>");
            byte[] max = new byte[65_507];
            java.util.Arrays.fill(max, (byte) 'x');
            System.arraycopy(head, 0, max, 0, head.length);
            System.arraycopy(tail, 0, max, max.length - tail.length, tail.length);
            byte[] deep = ascii("<SSCP name=KeepAlive seq=202>" + "<a>".repeat(10_000) + "</>".repeat(10_000)
                    + "</SSCP>");
            assertTrue(deep.length > 8192 && deep.length <= 65_507, "one datagram: " + deep.length);
            byte[] byOne = new byte[8193];
            java.util.Arrays.fill(byOne, (byte) ' ');
            byte[] keep = ascii("<SSCP name=KeepAlive seq=203/>");
            System.arraycopy(keep, 0, byOne, byOne.length - keep.length, keep.length);

            long tooLarge = sscpCounter("DroppedTooLarge");
            long errors = sscpCounter("ErrorsSent");
            long delivered = sscpCounter("Delivered");
            a.sendRaw(max);
            a.sendRaw(deep);
            a.sendRaw(byOne);
            await().atMost(WAIT).until(() -> sscpCounter("DroppedTooLarge") == tooLarge + 3);
            assertFalse(a.receives(BridgeMessage.Error.class, Duration.ofMillis(500)), "too large: no Error");
            assertEquals(errors, sscpCounter("ErrorsSent"));
            assertEquals(delivered, sscpCounter("Delivered"));

            long seq = a.sendWithSeq(new PhoneMessage.KeepAlive());
            assertEquals(seq, a.awaitFrame(BridgeMessage.KeepAliveAck.class, k -> true, WAIT).seq());
            assertTrue(bridge.run("sscp:phones").contains(DEV_A));
            unregister(a);
        }
    }

    /** After every kind of hostile input, the phone that sent it still calls another phone. */
    @Test
    @Order(3)
    void thePhoneThatSentHostileInputStillConnectsACall() throws Exception {
        try (TestPhone a = registered(DEV_A, "2141"); TestPhone b = registered(DEV_B, "2142")) {
            for (byte[] bad : refusedWith400().values()) {
                a.sendRaw(bad);
                assertEquals(400, a.await(BridgeMessage.Error.class).code());
            }
            a.sendRaw(new byte[65_507]);
            a.send(new PhoneMessage.Dial("2142", null));
            b.await(BridgeMessage.CallState.class, cs -> cs.state() == CallStateName.RING_IN, WAIT);
            b.send(new PhoneMessage.OffHook(null));
            a.await(BridgeMessage.CallState.class, cs -> cs.state() == CallStateName.CONNECTED, WAIT);
            b.await(BridgeMessage.CallState.class, cs -> cs.state() == CallStateName.CONNECTED, WAIT);
            assertTrue(bridge.run("sscp:calls").contains("2 calls"));
            a.send(new PhoneMessage.OnHook(null));
            a.await(BridgeMessage.CallState.class, cs -> cs.state() == CallStateName.IDLE, WAIT);
            b.await(BridgeMessage.CallState.class, cs -> cs.state() == CallStateName.IDLE, WAIT);
            b.send(new PhoneMessage.OnHook(null));
            bridge.awaitOutput("sscp:calls", "0 calls", WAIT);
            unregister(a);
            unregister(b);
        }
    }

    /**
     * A live device with a secret moves to another address only with a correct HMAC answer
     * (PhoneRegistrationIT covers the 409 without a secret and the wrong answer's 403).
     */
    @Test
    @Order(4)
    void aLiveDeviceWithASecretMovesToAnotherAddressOnlyWithTheRightAnswer() throws Exception {
        try (TestPhone first = new TestPhone(sscp); TestPhone second = new TestPhone(sscp)) {
            registerWithSecret(first);
            // No answer at all from the new address: challenged, not moved.
            second.send(new PhoneMessage.Register(DEV_S, "AP-IP300", "1.0", null, null));
            BridgeMessage.RegisterReject challenge = second.await(BridgeMessage.RegisterReject.class);
            assertEquals(401, challenge.code());
            assertNotNull(challenge.challengeNonce());
            assertTrue(bridge.run("sscp:phones").contains("127.0.0.1:" + first.address().getPort()));
            // A nonce issued to another address does not count here (bound to the source).
            BridgeMessage.RegisterReject firstNonce = challengeAt(first);
            second.send(new PhoneMessage.Register(DEV_S, "AP-IP300", "1.0", null,
                    DeviceChallenge.response(SECRET, firstNonce.challengeNonce(), DEV_S)));
            BridgeMessage.RegisterReject replayed = second.await(BridgeMessage.RegisterReject.class);
            assertTrue(replayed.code() == 401 || replayed.code() == 403, "a foreign nonce: " + replayed);
            assertTrue(bridge.run("sscp:phones").contains("127.0.0.1:" + first.address().getPort()));
            // The right answer to its own nonce: moved.
            second.send(new PhoneMessage.Register(DEV_S, "AP-IP300", "1.0", null, null));
            BridgeMessage.RegisterReject own = second.await(BridgeMessage.RegisterReject.class);
            second.send(new PhoneMessage.Register(DEV_S, "AP-IP300", "1.0", null,
                    DeviceChallenge.response(SECRET, own.challengeNonce(), DEV_S)));
            second.await(BridgeMessage.RegisterAck.class);
            String phones = bridge.awaitOutput("sscp:phones", "127.0.0.1:" + second.address().getPort(), WAIT);
            assertFalse(listsAddress(phones, first.address().getPort()), phones);
            long seq = second.sendWithSeq(new PhoneMessage.KeepAlive());
            assertEquals(seq, second.awaitFrame(BridgeMessage.KeepAliveAck.class, k -> true, WAIT).seq());
            await().atMost(WAIT).until(() -> kamailio.hasBinding("2143"));
            unregister(second);
            await().atMost(WAIT).until(() -> !kamailio.hasBinding("2143"));
        }
    }

    private void registerWithSecret(TestPhone p) throws Exception {
        p.send(new PhoneMessage.Register(DEV_S, "AP-IP300", "1.0", null, null));
        BridgeMessage.RegisterReject c = p.await(BridgeMessage.RegisterReject.class);
        assertEquals(401, c.code());
        p.send(new PhoneMessage.Register(DEV_S, "AP-IP300", "1.0", null,
                DeviceChallenge.response(SECRET, c.challengeNonce(), DEV_S)));
        p.await(BridgeMessage.RegisterAck.class);
    }

    /** Asks for a nonce from {@code p}'s address (p is registered: a Register without answer is challenged). */
    private BridgeMessage.RegisterReject challengeAt(TestPhone p) throws Exception {
        p.send(new PhoneMessage.Register(DEV_S, "AP-IP300", "1.0", null, null));
        return p.await(BridgeMessage.RegisterReject.class);
    }

    /**
     * Nothing from an address no phone is bound to has an effect: state-changing messages and
     * hostile input alike get one Error 401 per 5 s, no session, no call, and the registered phone
     * is untouched.
     */
    @Test
    @Order(5)
    void datagramsFromAnUnboundAddressHaveNoEffect() throws Exception {
        try (TestPhone a = registered(DEV_A, "2141"); TestPhone stranger = new TestPhone(sscp)) {
            long malformed = sscpCounter("Malformed");
            stranger.sendWithSeq(new PhoneMessage.OffHook(null));
            BridgeMessage.Error first = stranger.await(BridgeMessage.Error.class);
            assertEquals(401, first.code());
            stranger.sendWithSeq(new PhoneMessage.Dial("2141", null));
            stranger.sendWithSeq(new PhoneMessage.Unregister());
            stranger.sendWithSeq(new PhoneMessage.PhoneStatus(null, null, null));
            int bad = 0;
            for (byte[] hostile : refusedWith400().values()) {
                stranger.sendRaw(hostile);
                bad++;
            }
            int n = bad;
            await().atMost(WAIT).until(() -> sscpCounter("Malformed") == malformed + n);
            assertFalse(stranger.receives(BridgeMessage.Error.class, Duration.ofSeconds(2)),
                    "401 at most once per source per 5 s");
            assertFalse(stranger.receives(BridgeMessage.class, m -> !(m instanceof BridgeMessage.Error),
                    Duration.ofMillis(100)), "nothing but the 401");
            String phones = bridge.run("sscp:phones");
            assertTrue(phones.contains("1 phone"), phones);
            assertFalse(listsAddress(phones, stranger.address().getPort()), phones);
            assertTrue(bridge.run("sscp:calls").contains("0 calls"));
            assertFalse(a.receives(BridgeMessage.CallState.class, Duration.ofMillis(500)), "A was not rung");
            assertTrue(kamailio.hasBinding("2141"));
            long seq = a.sendWithSeq(new PhoneMessage.KeepAlive());
            assertEquals(seq, a.awaitFrame(BridgeMessage.KeepAliveAck.class, k -> true, WAIT).seq());
            unregister(a);
        }
    }

    private void unregister(TestPhone p) throws Exception {
        p.send(new PhoneMessage.Unregister());
        p.await(BridgeMessage.UnregisterAck.class);
        await().atMost(WAIT).until(() -> !bridge.run("sscp:phones").contains("127.0.0.1:" + p.address().getPort() + " "));
    }

    /**
     * Whether {@code sscp:phones} output has a row for 127.0.0.1:{@code port}; the bridge's log lines
     * printed alongside ("moves from /127.0.0.1:PORT", bad-input lines) do not count.
     */
    private static boolean listsAddress(String phones, int port) {
        return java.util.regex.Pattern.compile("(?m)(^|\\s)127\\.0\\.0\\.1:" + port + "\\b").matcher(phones).find();
    }
}
