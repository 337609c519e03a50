package org.sscpbridge.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.io.TempDir;
import org.sscpbridge.it.support.BridgeProcess;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.it.support.RunsAlongside;
import org.sscpbridge.it.support.TestPhone;
import org.sscpbridge.metrics.MetricsMBeans;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.PhoneMessage;

/**
 * Issue 14, PBX faults (docs/RELIABILITY.md): a registrar that never answers. The registrar is a
 * UDP socket that swallows every datagram; {@link #LINES} lines of registered phones keep trying
 * (each REGISTER transaction retransmits until Timer F, 32 s, then the line backs off 0.5-4 s and
 * tries again) through the real bridge in Felix. Read over JMX: the bridge's heap after a full GC
 * stays flat (within {@link #MARGIN_BYTES} + {@value #MARGIN_PERCENT} %), the live SIP client
 * transactions never exceed two per line (its REGISTER and its MWI SUBSCRIBE) and the queued timers
 * stay bounded, from the first failures to the end. CI: 40 lines for 75 s (two failures per line);
 * {@code -Dreliability.long=true}: 200 lines for 5 minutes.
 */
@RunsAlongside
@ResourceLock("SilentRegistrarIT")
class SilentRegistrarIT {
    private static final boolean LONG = Boolean.getBoolean("reliability.long");
    private static final int LINES = LONG ? 200 : 40;
    private static final Duration SILENCE = Duration.ofSeconds(LONG ? 300 : 75);
    /** After the first Timer F (32 s) and the longest backoff (register.retry.max 4 s): every line has failed once. */
    private static final Duration BASELINE_AT = Duration.ofSeconds(38);
    private static final long MARGIN_BYTES = 4L << 20;
    private static final int MARGIN_PERCENT = 10;
    private static final Pattern CALL_ID = Pattern.compile("(?mi)^(?:Call-ID|i):\\s*(\\S+)");
    private static final Pattern CSEQ = Pattern.compile("(?mi)^CSeq:\\s*(\\d+ \\w+)");

    @TempDir
    Path work;

    private static String device(int i) {
        return "SEP00000000D" + String.format("%03d", i);
    }

    private static String number(int i) {
        return String.valueOf(8000 + i);
    }

    /** A registrar that never answers: it reads every datagram and counts the SIP transactions in them. */
    private static final class BlackHole implements AutoCloseable {
        final DatagramSocket socket;
        final AtomicLong datagrams = new AtomicLong();
        /** Call-ID + CSeq of every request seen: one per transaction, retransmissions not counted again. */
        final Set<String> transactions = ConcurrentHashMap.newKeySet();
        final Thread reader;

        BlackHole() throws Exception {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.setReceiveBufferSize(4 << 20);
            reader = new Thread(this::read, "silent-registrar");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            byte[] buf = new byte[65_536];
            while (!socket.isClosed()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (Exception e) {
                    return;
                }
                datagrams.incrementAndGet();
                String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                Matcher id = CALL_ID.matcher(text);
                Matcher cseq = CSEQ.matcher(text);
                if (id.find() && cseq.find()) {
                    transactions.add(id.group(1) + " " + cseq.group(1));
                }
            }
        }

        long transactions(String method) {
            return transactions.stream().filter(t -> t.endsWith(" " + method)).count();
        }

        String uri() {
            return "sip:127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    @Test
    void aRegistrarThatNeverAnswersGrowsNeitherHeapNorTransactionsNorTimers() throws Exception {
        Map<String, Map<String, String>> devices = new HashMap<>();
        for (int i = 1; i <= LINES; i++) {
            devices.put("sscp.device-s" + i, Map.of("device.id", device(i), "line1.number", number(i),
                    "line1.password", "pw" + number(i), "line1.name", "Line " + i));
        }
        int sscpPort = FreePorts.udp();
        int jmxPort = FreePorts.udpAndTcp();
        List<TestPhone> phones = new ArrayList<>();
        ScheduledExecutorService keepalives = Executors.newSingleThreadScheduledExecutor();
        try (BlackHole registrar = new BlackHole();
                BridgeProcess bridge = BridgeProcess.start(work, Map.of(
                        "sscp.address", "127.0.0.1",
                        "sscp.port", String.valueOf(sscpPort),
                        "sip.port", String.valueOf(FreePorts.udp()),
                        "sip.registrar", registrar.uri(),
                        "register.retry.base", "1",
                        "register.retry.max", "4",
                        "keepalive", "10",
                        "data.dir", work.resolve("data").toString()), devices, BridgeProcess.jmxOptions(jmxPort));
                JMXConnector jmx = JMXConnectorFactory.connect(
                        new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"))) {
            MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
            for (int i = 1; i <= LINES; i++) {
                bridge.awaitOutput("scr:info org.sscpbridge.osgi.DeviceComponent", "device.id<String> = " + device(i),
                        Duration.ofSeconds(30));
            }
            for (int i = 1; i <= LINES; i++) {
                TestPhone p = new TestPhone(new InetSocketAddress("127.0.0.1", sscpPort));
                phones.add(p);
                p.send(new PhoneMessage.Register(device(i), "AP-IP300", "1.0", null, null));
            }
            for (TestPhone p : phones) {
                p.await(BridgeMessage.RegisterAck.class, m -> true, Duration.ofSeconds(20));
            }
            keepalives.scheduleAtFixedRate(() -> {
                for (TestPhone p : phones) {
                    try {
                        p.sendWithSeq(new PhoneMessage.KeepAlive());
                    } catch (Exception e) {
                        // closed at the end
                    }
                }
            }, 3, 3, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> registrar.transactions("REGISTER") >= LINES);
            long t0 = System.nanoTime();

            // The baseline: once every line has failed once (Timer F, 32 s; later on a loaded machine).
            await().atMost(BASELINE_AT.plusSeconds(40)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> sip(mbeans, "RegistrationFailures") >= LINES);
            long baselineAt = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
            long failuresAtBaseline = sip(mbeans, "RegistrationFailures");
            long base = heapAfterGc(mbeans);
            int maxClient = 0;
            int maxTimers = 0;
            List<String> samples = new ArrayList<>();
            // Until the silence has lasted its time and every line has failed twice (bounded).
            long deadline = t0 + SILENCE.plusSeconds(40).toNanos();
            while (System.nanoTime() - t0 < SILENCE.toNanos()
                    || (sip(mbeans, "RegistrationFailures") < 2L * LINES && System.nanoTime() < deadline)) {
                int client = ((Number) mbeans.getAttribute(MetricsMBeans.name("Sip"), "LiveClientTransactions"))
                        .intValue();
                int timers = ((Number) mbeans.getAttribute(MetricsMBeans.name("Bridge"), "PendingTimers")).intValue();
                maxClient = Math.max(maxClient, client);
                maxTimers = Math.max(maxTimers, timers);
                samples.add(String.format("+%ds: %d tx, %d timers", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime()
                        - t0), client, timers));
                Thread.sleep(5_000);
            }
            long endAt = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
            long end = heapAfterGc(mbeans);
            long failures = sip(mbeans, "RegistrationFailures");
            long timeouts = sip(mbeans, "TimeoutsTotal");
            long registers = registrar.transactions("REGISTER");
            System.out.printf("Silent registrar: %d lines for %d s: %d REGISTER transactions (%d datagrams with "
                    + "retransmissions, %d SUBSCRIBE transactions) swallowed; %d registration failures (%d at the "
                    + "baseline), %d SIP timeouts; heap after GC %.1f MiB at +%d s, %.1f MiB at +%d s; live client "
                    + "transactions at most %d, queued timers at most %d%n", LINES, endAt, registers,
                    registrar.datagrams.get(), registrar.transactions("SUBSCRIBE"), failures, failuresAtBaseline,
                    timeouts, base / 1048576.0, baselineAt, end / 1048576.0, endAt, maxClient, maxTimers);
            System.out.println("Silent registrar: samples " + samples);

            // The fault was exercised: every line failed at least twice and tried again each time.
            assertTrue(failures >= 2L * LINES, "registration failures " + failures + " for " + LINES + " lines");
            assertTrue(registers >= 3L * LINES, "REGISTER transactions " + registers + " for " + LINES + " lines");
            long bound = base + MARGIN_BYTES + base * MARGIN_PERCENT / 100;
            assertTrue(end <= bound, "heap after GC grew from " + base + " to " + end + " bytes (bound " + bound + ")");
            // One REGISTER and one SUBSCRIBE per line at most; plus a few for slack of the stack's cleanup.
            assertTrue(maxClient <= 2 * LINES + 5, "live client transactions " + maxClient + ": " + samples);
            // Per phone: a keepalive watch and an SSCP retransmission or two; per line: a retry or
            // refresh and an MWI retry. Anything near the number of attempts made would be a leak.
            assertTrue(maxTimers <= 4 * LINES + 10, "queued timers " + maxTimers + ": " + samples);
        } finally {
            keepalives.shutdownNow();
            phones.forEach(TestPhone::close);
        }
    }

    private static long sip(MBeanServerConnection mbeans, String attribute) throws Exception {
        return ((Number) mbeans.getAttribute(MetricsMBeans.name("Sip"), attribute)).longValue();
    }

    /** The bridge JVM's used heap after a full collection: the least of three readings a second apart. */
    private static long heapAfterGc(MBeanServerConnection mbeans) throws Exception {
        ObjectName memory = new ObjectName("java.lang:type=Memory");
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            mbeans.invoke(memory, "gc", null, null);
            CompositeData usage = (CompositeData) mbeans.getAttribute(memory, "HeapMemoryUsage");
            least = Math.min(least, (Long) usage.get("used"));
            Thread.sleep(1_000);
        }
        return least;
    }
}
