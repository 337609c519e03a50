package org.sscpbridge.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
 * Issue 14, "hostile SIP input": while phone A (line 3161) is in a call with SIPp through Kamailio,
 * raw UDP sockets send the bridge's SIP port malformed SIP, requests for users it does not have,
 * an INVITE flood toward phone B (line 3162) from one source and a flood of spoofed responses.
 * Afterwards A's call is still up and ends cleanly with BYE (SIPp sees it), every bad message was
 * counted (JMX {@code org.sscpbridge:type=Sip} Refused) and answered or logged, and B rang once
 * per call the bridge accepted. Everything real: bridge in Felix, Kamailio, SIPp, UDP on 127.0.0.1.
 *
 * <p>{@code -Dreliability.long=true} floods ten times longer.
 */
class SipHostileInputIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final boolean LONG = Boolean.getBoolean("reliability.long");
    private static final String DEV_A = "SEP0000000031C1";
    private static final String DEV_B = "SEP0000000031C2";
    /** The per-source limits the bridge runs under here: low, so a short flood crosses them. */
    private static final int RATE = 10;
    private static final int BURST = 20;
    private static final int RESPONSE_RATE = 50;
    private static final int RESPONSE_BURST = 100;

    @TempDir
    static Path work;

    private BridgeProcess bridge;
    private MBeanServerConnection mbeans;
    private int sipPort;

    @Test
    void aLiveCallSurvivesHostileSipAndEveryBadMessageIsCounted() throws Exception {
        List<AutoCloseable> closing = new ArrayList<>();
        try {
            KamailioServer kamailio = KamailioServer.start(work, Map.of("3161", "pw3161", "3162", "pw3162"));
            closing.add(kamailio);
            int sscpPort = FreePorts.udp();
            int jmxPort = FreePorts.udpAndTcp();
            sipPort = FreePorts.udp();
            InetSocketAddress sscp = new InetSocketAddress("127.0.0.1", sscpPort);
            bridge = BridgeProcess.start(work, Map.of(
                    "sscp.address", "127.0.0.1",
                    "sscp.port", String.valueOf(sscpPort),
                    "sip.port", String.valueOf(sipPort),
                    "sip.registrar", kamailio.uri(),
                    "sip.rate.per.source", String.valueOf(RATE),
                    "sip.rate.per.source.burst", String.valueOf(BURST),
                    "sip.rate.responses.per.source", String.valueOf(RESPONSE_RATE),
                    "sip.rate.responses.per.source.burst", String.valueOf(RESPONSE_BURST)), Map.of(
                    "sscp.device-a", Map.of("device.id", DEV_A, "line1.number", "3161", "line1.password", "pw3161"),
                    "sscp.device-b", Map.of("device.id", DEV_B, "line1.number", "3162", "line1.password", "pw3162")),
                    BridgeProcess.jmxOptions(jmxPort));
            closing.add(bridge);
            JMXConnector jmx = JMXConnectorFactory.connect(
                    new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"));
            closing.add(jmx);
            mbeans = jmx.getMBeanServerConnection();
            TestPhone a = registered(sscp, kamailio, DEV_A, "3161");
            closing.add(a);
            TestPhone b = registered(sscp, kamailio, DEV_B, "3162");
            closing.add(b);

            // The live call: A calls SIPp through Kamailio.
            SippProcess uas = SippProcess.start(work, "uas-answer.xml", null);
            closing.add(uas);
            kamailio.addBinding("4161", "sip:4161@127.0.0.1:" + uas.sipPort());
            a.send(new PhoneMessage.Dial("4161", null));
            CallId live = a.await(BridgeMessage.CallState.class, cs -> cs.state() == CallStateName.CONNECTED, WAIT)
                    .callId();
            Thread.sleep(300);
            a.forget(); // the call's set-up (Proceed, RingOut...): from here on, any other state is a disturbance
            Keepalives keepalives = new Keepalives(a);
            closing.add(0, keepalives);
            keepalives.start();

            Map<String, Long> before = refused();
            RawSip garbage = new RawSip(sipPort);
            closing.add(garbage);
            int malformed = malformed(garbage, before);
            int unknown = unknownUsers(garbage);
            RawSip flooder = new RawSip(sipPort);
            closing.add(flooder);
            Flood flood = inviteFlood(flooder, b);
            RawSip spoofer = new RawSip(sipPort);
            closing.add(spoofer);
            int spoofed = LONG ? 20_000 : 2_000;
            long droppedResponses = spoofedResponses(spoofer, spoofed);
            keepalives.close();

            // A's call is still up: never told otherwise, listed by the bridge, and ends with BYE.
            assertFalse(a.receives(BridgeMessage.CallState.class, cs -> cs.callId().equals(live)
                    && cs.state() != CallStateName.CONNECTED, Duration.ZERO), "the live call was disturbed");
            String calls = bridge.run("sscp:calls").trim();
            assertTrue(calls.endsWith("\n1 call") || calls.equals("1 call"), calls);
            assertEquals(0, keepalives.unanswered.get(), "every keepalive of A answered");
            a.send(new PhoneMessage.OnHook(null));
            a.await(BridgeMessage.CallState.class, cs -> cs.callId().equals(live)
                    && cs.state() == CallStateName.IDLE, WAIT);
            assertEquals(0, uas.await(20), "SIPp got our BYE:\n" + uas.output());
            bridge.awaitOutput("sscp:calls", "0 calls", WAIT);

            // One line per kind and interval in the bridge's log, saying what and why.
            List<String> log = bridge.log().lines();
            assertTrue(log.stream().anyMatch(l -> l.contains("over the limit") && l.contains("503")), "503 logged");
            assertTrue(log.stream().anyMatch(l -> l.contains("SIP response 200") && l.contains("dropped")),
                    "dropped responses logged");
            long rateLines = log.stream().filter(l -> l.contains("over the limit") && l.contains("INVITE")).count();
            assertTrue(rateLines <= 2, "rate-limited INVITEs logged " + rateLines + " times, not once per interval");

            Map<String, Long> after = refused();
            System.out.printf("SipHostileInputIT: malformed sent %d, unknown-user requests %d (404); INVITE flood %d "
                    + "(copies %d -> 482 %d; admitted %d, 503 %d, dropped %d, kernel drops %d, 486 %d, rang %d, RingIn on B %d); "
                    + "spoofed responses %d (dropped and counted %d, kernel drops %d); refused counters %s; live-call keepalives %d, "
                    + "RTT ms p50 %.2f max %.2f%n", malformed, unknown, flood.sent, flood.copies, flood.loops,
                    flood.admitted(), flood.unavailable, flood.droppedCount, flood.kernelDrops,
                    flood.busy, flood.rang.size(), flood.ringIns, spoofed, droppedResponses, spoofKernelDrops, diff(before, after),
                    keepalives.rtts.size(), keepalives.percentile(50), keepalives.percentile(100));
        } finally {
            Collections.reverse(closing);
            for (AutoCloseable c : closing) {
                try {
                    c.close();
                } catch (Exception e) {
                    // go on closing the rest
                }
            }
        }
    }

    private TestPhone registered(InetSocketAddress sscp, KamailioServer kamailio, String device, String line)
            throws Exception {
        TestPhone p = new TestPhone(sscp);
        p.send(new PhoneMessage.Register(device, "AP-IP300", "1.0", null, null));
        p.await(BridgeMessage.RegisterAck.class);
        await().atMost(WAIT).until(() -> kamailio.hasBinding(line));
        return p;
    }

    // ------------------------------------------------------------------ phases

    /** Malformed SIP of every kind: each refused, counted under its reason, answered 400 when it can be. */
    private int malformed(RawSip s, Map<String, Long> before) throws Exception {
        String good = invite("3162", "m-" + System.nanoTime(), "ft", "z9hG4bK-m", 1, "");
        Map<String, List<byte[]>> cases = new LinkedHashMap<>();
        cases.put("GARBAGE", List.of(bytes("hello"), new byte[] {0, 1, 2, (byte) 0xff, 0}, bytes("GET / HTTP/1.1\r\n"
                + "Host: x\r\n\r\n"), bytes("INVITE sip:3162@127.0.0.1 SIP/3.0\r\n\r\n"), randomBytes(700)));
        cases.put("BAD_HEADERS", List.of(bytes(good.substring(0, 90)), bytes(good.replace("Max-Forwards: 70",
                ": 70")), bytes(good.replaceAll("Call-ID: [^\r]*\r\n", "")), bytes(good.replace("CSeq: 1 INVITE",
                "CSeq: one INVITE")), bytes(good.replaceAll("Via: [^\r]*\r\n", ""))));
        cases.put("BAD_CONTENT_LENGTH", List.of(bytes(good.replace("Content-Length: 0", "Content-Length: 500")),
                bytes(good.replace("Content-Length: 0", "Content-Length: -3"))));
        cases.put("TOO_LARGE", List.of(bytes(good.replace("\r\n\r\n", "\r\nX-Pad: " + "a".repeat(20_000)
                + "\r\n\r\n")), new byte[65_000]));
        int sent = 0;
        for (List<byte[]> datagrams : cases.values()) {
            for (byte[] d : datagrams) {
                s.send(d);
                sent++;
            }
        }
        Map<String, Long> expected = new LinkedHashMap<>();
        cases.forEach((k, v) -> expected.put(k, before.getOrDefault(k, 0L) + v.size()));
        await().atMost(WAIT).until(() -> {
            Map<String, Long> now = refused();
            return expected.entrySet().stream().allMatch(e -> now.getOrDefault(e.getKey(), 0L).equals(e.getValue()));
        });
        // The malformed requests with Via, From, To, Call-ID and CSeq were told why: 400.
        // (Stateless answers, sent once each: counted as they came.)
        await().atMost(WAIT).until(() -> s.responses.stream().filter(r -> RawSip.status(r) == 400).count() == 4);
        assertTrue(s.responses.stream().anyMatch(r -> r.startsWith("SIP/2.0 400 Bad Request (Content-Length 500 but")),
                s.responses.toString());
        return sent;
    }

    /** Requests for users the bridge does not have: 404 whatever the method; OPTIONS for the bridge itself 200. */
    private int unknownUsers(RawSip s) throws Exception {
        List<String> methods = List.of("INVITE", "SUBSCRIBE", "MESSAGE", "OPTIONS", "NOTIFY", "REFER");
        for (String m : methods) {
            s.send(bytes(request(m, "sip:9999@127.0.0.1:" + sipPort, "u-" + m + System.nanoTime(), "fu",
                    "z9hG4bK-u" + m + System.nanoTime(), 1, m.equals("SUBSCRIBE")
                            ? "Event: message-summary\r\n" : m.equals("NOTIFY")
                            ? "Event: message-summary\r\nSubscription-State: active\r\n" : "")));
        }
        await().atMost(WAIT).until(() -> s.statuses(404) == methods.size());
        s.send(bytes(request("OPTIONS", "sip:127.0.0.1:" + sipPort, "o-" + System.nanoTime(), "fo", "z9hG4bK-o"
                + System.nanoTime(), 1, "")));
        await().atMost(WAIT).until(() -> s.statuses(200) == 1);
        assertEquals(methods.size(), refused().getOrDefault("UNKNOWN_USER", 0L));
        return methods.size();
    }

    private static final class Flood {
        int sent;
        int copies;
        int loops;
        int unavailable;
        int busy;
        Set<String> rang = new HashSet<>();
        int ringIns;

        int admitted() {
            return (int) (sent - unavailable - droppedCount - kernelDrops);
        }

        int droppedCount;
        long kernelDrops;
    }

    /**
     * INVITEs toward phone B from one source: one INVITE and copies of it by new branches (one
     * call rings, copies 482), then distinct calls as fast as the socket goes (beyond the source's
     * burst 503 with Retry-After, then dropped; those admitted find B ringing: 486). B's RingIns
     * equal the calls that rang (got 180).
     */
    private Flood inviteFlood(RawSip s, TestPhone b) throws Exception {
        Flood f = new Flood();
        long refusedBefore = refused().getOrDefault("RATE_LIMITED_REQUEST", 0L);
        long dropsBefore = kernelDrops();
        String callId = "flood-first-" + System.nanoTime();
        String first = invite("3162", callId, "ff", "z9hG4bK-f0", 1, "");
        s.send(bytes(first));
        f.sent++;
        CallId ringing = b.await(BridgeMessage.CallState.class, cs -> cs.state() == CallStateName.RING_IN, WAIT)
                .callId();
        f.copies = 9;
        for (int i = 1; i <= f.copies; i++) {
            s.send(bytes(first.replace("z9hG4bK-f0", "z9hG4bK-f0copy" + i)));
            f.sent++;
        }
        await().atMost(WAIT).until(() -> s.statuses(482) == f.copies);
        f.loops = s.statuses(482);
        int distinct = LONG ? 2_000 : 200;
        for (int i = 0; i < distinct; i++) {
            s.send(bytes(invite("3162", "flood-" + i + "-" + System.nanoTime(), "fd" + i, "z9hG4bK-fd" + i, 1, "")));
            f.sent++;
            if (i % 20 == 19) {
                Thread.sleep(2); // keeps the kernel's receive buffer from being the limit measured
            }
        }
        // Every distinct INVITE is counted as refused or answered: 503 (statelessly) or 486 (B is ringing).
        long deadline = System.nanoTime() + WAIT.toNanos();
        long accounted = 0;
        while (System.nanoTime() < deadline) {
            accounted = refused().getOrDefault("RATE_LIMITED_REQUEST", 0L) - refusedBefore + s.finalsFor("flood-", 486)
                    + kernelDrops() - dropsBefore;
            if (accounted == distinct) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(distinct, accounted, "refused " + (refused().getOrDefault("RATE_LIMITED_REQUEST", 0L)
                - refusedBefore) + ", 486 " + s.finalsFor("flood-", 486) + ", 503 " + s.statuses(503) + ", 100 "
                + s.finalsFor("flood-", 100) + ", 180 " + s.finalsFor("flood-", 180) + ", kernel drops "
                + (kernelDrops() - dropsBefore) + ", all refused " + refused());
        f.kernelDrops = kernelDrops() - dropsBefore;
        f.unavailable = s.statuses(503);
        f.busy = s.statuses(486);
        f.droppedCount = (int) (refused().getOrDefault("RATE_LIMITED_REQUEST", 0L) - refusedBefore) - f.unavailable;
        assertTrue(f.unavailable >= 1, "503 beyond the limit");
        assertTrue(s.responses.stream().filter(r -> r.startsWith("SIP/2.0 503")).allMatch(r -> r.contains(
                "Retry-After: ")), "503 carries Retry-After");
        assertTrue(f.busy >= 1, "some INVITEs admitted (B busy): " + f.busy);
        // CANCEL the ringing call; ACK every final answer so nothing is retransmitted.
        s.send(bytes(first.replaceFirst("INVITE sip", "CANCEL sip").replace("CSeq: 1 INVITE", "CSeq: 1 CANCEL")));
        b.await(BridgeMessage.CallState.class, cs -> cs.callId().equals(ringing) && cs.state() == CallStateName.IDLE,
                WAIT);
        await().atMost(WAIT).until(() -> s.statuses(487) == 1);
        s.ackFinals();
        f.rang.addAll(s.callIdsWith(180));
        Set<CallId> ringIns = new HashSet<>();
        ringIns.add(ringing);
        while (true) {
            try {
                ringIns.add(b.await(BridgeMessage.CallState.class, cs -> cs.state() == CallStateName.RING_IN,
                        Duration.ofMillis(500)).callId());
            } catch (AssertionError none) {
                break;
            }
        }
        f.ringIns = ringIns.size();
        assertEquals(Set.of(callId), f.rang, "only the first INVITE rang");
        assertEquals(f.rang.size(), f.ringIns, "B's RingIns = calls that rang");
        return f;
    }

    /** Responses from a source the bridge never asked: beyond the per-source rate dropped and counted. */
    private long spoofedResponses(RawSip s, int count) throws Exception {
        long before = refused().getOrDefault("RATE_LIMITED_RESPONSE", 0L);
        long dropsBefore = kernelDrops();
        for (int i = 0; i < count; i++) {
            s.send(bytes("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:" + sipPort + ";branch=z9hG4bK-spoof" + i
                    + "\r\nFrom: <sip:3161@127.0.0.1>;tag=s" + i + "\r\nTo: <sip:3161@127.0.0.1>;tag=t" + i
                    + "\r\nCall-ID: spoof-" + i + "\r\nCSeq: 1 REGISTER\r\nContact: <sip:3161@127.0.0.1:9>;expires=0"
                    + "\r\nContent-Length: 0\r\n\r\n"));
            if (i % 20 == 19) {
                Thread.sleep(2);
            }
        }
        long floor = count - RESPONSE_BURST - (long) RESPONSE_RATE * (count / 10_000 + 2) * 2;
        long deadline = System.nanoTime() + WAIT.toNanos();
        long dropped = 0;
        long lost = 0;
        while (System.nanoTime() < deadline && dropped + lost < floor) {
            Thread.sleep(200);
            dropped = refused().getOrDefault("RATE_LIMITED_RESPONSE", 0L) - before;
            lost = kernelDrops() - dropsBefore;
        }
        assertTrue(dropped + lost >= floor, "responses dropped and counted " + dropped + " of " + count
                + " (kernel drops " + lost + "), at least " + floor + " expected; " + refused());
        spoofKernelDrops = lost;
        return dropped;
    }

    // ------------------------------------------------------------------ helpers

    private long spoofKernelDrops;

    /**
     * Datagrams the kernel dropped at the bridge's SIP socket (its receive buffer was full): the
     * last column of /proc/net/udp. A flood faster than the receiving thread loses some there,
     * before the bridge could count them; the test accounts for them instead of guessing.
     */
    private long kernelDrops() throws IOException {
        // 127.0.0.1, or ::ffff:127.0.0.1 when the JVM opened an IPv6 socket for it.
        String local = String.format("0100007F:%04X", sipPort);
        long drops = 0;
        for (String file : List.of("/proc/net/udp", "/proc/net/udp6")) {
            for (String line : java.nio.file.Files.readAllLines(Path.of(file))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 12 && f[1].endsWith(local)) {
                    drops += Long.parseLong(f[f.length - 1]);
                }
            }
        }
        return drops;
    }

    private Map<String, Long> refused() throws Exception {
        TabularData t = (TabularData) mbeans.getAttribute(new ObjectName("org.sscpbridge:type=Sip"), "Refused");
        Map<String, Long> out = new LinkedHashMap<>();
        for (Object row : t.values()) {
            CompositeData c = (CompositeData) row;
            out.put((String) c.get("key"), (Long) c.get("value"));
        }
        return out;
    }

    private static Map<String, Long> diff(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new LinkedHashMap<>();
        after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0L)));
        return d;
    }

    private String invite(String user, String callId, String fromTag, String branch, int cseq, String extra) {
        return request("INVITE", "sip:" + user + "@127.0.0.1:" + sipPort, callId, fromTag, branch, cseq, extra);
    }

    private String request(String method, String uri, String callId, String fromTag, String branch, int cseq,
            String extra) {
        return method + " " + uri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:9;branch=" + branch + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:6666@127.0.0.1>;tag=" + fromTag + "\r\n"
                + "To: <" + uri + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + "Contact: <sip:6666@127.0.0.1:9>\r\n"
                + extra
                + "Content-Length: 0\r\n\r\n";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new java.util.Random(14).nextBytes(b);
        return b;
    }

    /** A raw SIP peer on its own UDP socket: sends what it is given, keeps every response. */
    private static final class RawSip implements AutoCloseable {
        private static final Pattern STATUS = Pattern.compile("^SIP/2.0 (\\d{3})");
        private static final Pattern CALL_ID = Pattern.compile("\r\nCall-ID: ([^\r]*)\r\n", Pattern.CASE_INSENSITIVE);
        final DatagramSocket socket;
        final InetSocketAddress bridge;
        final List<String> responses = new CopyOnWriteArrayList<>();
        private final Thread receiver;

        RawSip(int port) throws SocketException {
            socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            socket.setReceiveBufferSize(1 << 20);
            bridge = new InetSocketAddress("127.0.0.1", port);
            receiver = new Thread(this::receive, "raw-sip-" + socket.getLocalPort());
            receiver.setDaemon(true);
            receiver.start();
        }

        void send(byte[] d) throws IOException {
            socket.send(new DatagramPacket(d, d.length, bridge));
        }

        private void receive() {
            byte[] buf = new byte[65_536];
            while (!socket.isClosed()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                    responses.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    return;
                }
            }
        }

        /** Requests answered {@code status}: retransmissions of one answer (no ACK here) count once. */
        int statuses(int status) {
            return (int) responses.stream().filter(r -> status(r) == status).map(RawSip::transaction).distinct()
                    .count();
        }

        long finalsFor(String callIdPrefix, int status) {
            return responses.stream().filter(r -> status(r) == status && callId(r).startsWith(callIdPrefix))
                    .map(RawSip::transaction).distinct().count();
        }

        static String transaction(String r) {
            return callId(r) + " " + header(r, "Via").replaceAll(".*branch=([^;]*).*", "$1") + " " + header(r, "CSeq");
        }

        Set<String> callIdsWith(int status) {
            Set<String> ids = ConcurrentHashMap.newKeySet();
            responses.stream().filter(r -> status(r) == status).forEach(r -> ids.add(callId(r)));
            return ids;
        }

        /** ACK for every final non-2xx answer to an INVITE (RFC 3261 §17.1.1.3): same branch, the answer's To. */
        void ackFinals() throws IOException {
            for (String r : responses) {
                int st = status(r);
                if (st >= 300 && r.contains(" INVITE\r\n")) {
                    String ack = "ACK " + header(r, "To").replaceAll("^[^<]*<([^>]*)>.*$", "$1") + " SIP/2.0\r\n"
                            + "Via: " + header(r, "Via").replaceAll(";received=[^;]*", "").replaceAll(";rport=\\d+", ";rport") + "\r\n"
                            + "Max-Forwards: 70\r\nFrom: " + header(r, "From") + "\r\nTo: " + header(r, "To")
                            + "\r\nCall-ID: " + callId(r) + "\r\nCSeq: " + header(r, "CSeq").split(" ")[0]
                            + " ACK\r\nContent-Length: 0\r\n\r\n";
                    send(bytes(ack));
                }
            }
        }

        static int status(String r) {
            Matcher m = STATUS.matcher(r);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        }

        static String callId(String r) {
            Matcher m = CALL_ID.matcher(r);
            return m.find() ? m.group(1) : "";
        }

        static String header(String r, String name) {
            Matcher m = Pattern.compile("\r\n" + name + ": ([^\r]*)\r\n", Pattern.CASE_INSENSITIVE).matcher(r);
            return m.find() ? m.group(1) : "";
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** Phone A's keepalives every 100 ms while the hostile input goes on, with their round trips. */
    private static final class Keepalives implements AutoCloseable {
        final TestPhone phone;
        final List<Double> rtts = new CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicInteger unanswered = new java.util.concurrent.atomic.AtomicInteger();
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread thread;

        Keepalives(TestPhone phone) {
            this.phone = phone;
            this.thread = new Thread(this::run, "keepalives");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            while (running.get()) {
                try {
                    long t0 = System.nanoTime();
                    phone.send(new PhoneMessage.KeepAlive());
                    phone.await(BridgeMessage.KeepAliveAck.class, m -> true, Duration.ofSeconds(3));
                    rtts.add((System.nanoTime() - t0) / 1e6);
                    Thread.sleep(100);
                } catch (AssertionError e) {
                    unanswered.incrementAndGet();
                } catch (InterruptedException | IOException e) {
                    return;
                }
            }
        }

        double percentile(int p) {
            List<Double> sorted = new ArrayList<>(rtts);
            Collections.sort(sorted);
            if (sorted.isEmpty()) {
                return Double.NaN;
            }
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1 < 0 ? 0
                    : (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }
    }
}
