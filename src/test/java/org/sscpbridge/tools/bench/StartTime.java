package org.sscpbridge.tools.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.sscpbridge.it.support.BridgeProcess;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.it.support.KamailioServer;
import org.sscpbridge.sscp.codec.SscpCodec;
import org.sscpbridge.sscp.codec.SscpDecodeException;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.PhoneMessage;

/**
 * Start time (issue 13, target 4): from launching bin/bridge (a cold Felix cache, as bin/bridge
 * cleans it) to the first phone's RegisterAck and its line's "registered" display, with a real
 * Kamailio and {@code devices} devices configured as {@code sscp.device-N.cfg} files. The phone
 * store's data folder is given, so a series of starts shows the first one (creating the store)
 * and restarts (opening it). The phone sends Register every {@link #REGISTER_EVERY_MS} ms until the bridge answers (so the figure is at
 * most that much late), then acknowledges what the bridge sends. Every line bin/bridge prints is
 * stamped with the time it arrived, so the report shows where the start time went.
 */
public final class StartTime {
    static final int REGISTER_EVERY_MS = 50;

    /** One start: milliseconds from launch to each milestone (-1: not seen). */
    public record Result(int devices, long registerAckMs, long registeredMs, long cpuAtRegisteredMs,
            Map<String, Long> milestones, String load) {}

    /** Log lines that mark a start phase: label → text the line contains. */
    static final Map<String, String> MILESTONES = milestones();

    private static Map<String, String> milestones() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Felix up (Gogo banner)", "Welcome to Apache Felix Gogo");
        m.put("Jetty started", "Started Jetty");
        m.put("store opening", "sscp-store - Starting");
        m.put("store open", "OpenStore - store open");
        m.put("SIP listening", "SIP user agent listening");
        m.put("SSCP listening", "SSCP listening");
        return m;
    }

    private StartTime() {
    }

    public static Result measure(Path dir, Path dataDir, KamailioServer kamailio, int devices) throws Exception {
        Path configDir = Files.createDirectories(dir.resolve("config"));
        int sscpPort = FreePorts.udp();
        Map<String, String> config = Rig.bridgeConfig(dir, sscpPort, FreePorts.udp(), kamailio, Map.of());
        config.remove("data.dir");
        write(configDir.resolve("sscp.bridge.cfg"), config);
        List<Map<String, String>> all = Rig.devices(devices);
        for (int i = 0; i < devices; i++) {
            write(configDir.resolve("sscp.device-" + i + ".cfg"), all.get(i));
        }
        ProcessBuilder pb = new ProcessBuilder(BridgeProcess.home().resolve("bin/bridge").toString())
                .directory(BridgeProcess.home().toFile()).redirectErrorStream(true);
        pb.environment().put("BRIDGE_CONFIG_DIR", configDir.toString());
        pb.environment().put("BRIDGE_LOG_DIR", dir.resolve("log").toString());
        pb.environment().put("BRIDGE_CACHE_DIR", dir.resolve("cache").toString());
        // The same data folder for every start of a size: the first start creates the store, the others reopen it.
        pb.environment().put("BRIDGE_DATA_DIR", dataDir.toString());
        pb.environment().put("BRIDGE_HTTP_PORT", String.valueOf(FreePorts.tcp()));
        pb.environment().put("BRIDGE_NO_BUILD", "1");

        Map<String, Long> seen = new TreeMap<>();
        List<String> stamped = java.util.Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        Process p = pb.start();
        Thread reader = new Thread(() -> readLog(p, t0, seen, stamped), "bench-start-log");
        reader.setDaemon(true);
        reader.start();
        OutputStream stdin = p.getOutputStream();
        long ack = -1;
        long registered = -1;
        long cpuAtRegistered = -1;
        String threadCpu = "";
        try (DatagramSocket phone = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            SscpCodec codec = new SscpCodec();
            InetSocketAddress bridge = new InetSocketAddress("127.0.0.1", sscpPort);
            String line = Rig.line(0);
            byte[] register = codec.encode(Frame.of(new PhoneMessage.Register(Rig.deviceId(0), "AP-IP300", "1.0",
                    null, null)));
            phone.setSoTimeout(REGISTER_EVERY_MS);
            byte[] buf = new byte[65_536];
            long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
            long nextRegister = 0;
            while (registered < 0 && System.nanoTime() < deadline && p.isAlive()) {
                if (ack < 0 && System.nanoTime() >= nextRegister) {
                    phone.send(new DatagramPacket(register, register.length, bridge));
                    nextRegister = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REGISTER_EVERY_MS);
                }
                DatagramPacket d = new DatagramPacket(buf, buf.length);
                try {
                    phone.receive(d);
                } catch (SocketTimeoutException | java.net.PortUnreachableException e) {
                    continue;
                }
                long at = (System.nanoTime() - t0) / 1_000_000;
                Frame f;
                try {
                    f = codec.decode(Direction.BRIDGE, d.getData(), 0, d.getLength());
                } catch (SscpDecodeException e) {
                    continue;
                }
                if (f.hasSeq() && !f.type().isAnswerOnly()) {
                    byte[] a = codec.encode(new Frame(new PhoneMessage.Ack(), f.seq()));
                    phone.send(new DatagramPacket(a, a.length, bridge));
                }
                if (f.message() instanceof BridgeMessage.RegisterAck && ack < 0) {
                    ack = at;
                } else if (f.message() instanceof BridgeMessage.Display disp
                        && disp.text().equals("Line " + line + ": registered")) {
                    registered = at;
                    cpuAtRegistered = javaCpuMillis(p);
                    threadCpu = threadCpu(p);
                }
            }
        } finally {
            try {
                stdin.write("stop 0\n".getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            } catch (IOException e) {
                // already gone: destroyed below
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                p.waitFor(15, TimeUnit.SECONDS);
            }
            reader.join(5_000);
            Files.write(dir.resolve("bridge-stamped.log"), stamped, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("thread-cpu.txt"), threadCpu, StandardCharsets.UTF_8);
        }
        Map<String, Long> milestones = new LinkedHashMap<>();
        synchronized (seen) {
            MILESTONES.keySet().forEach(k -> milestones.put(k, seen.getOrDefault(k, -1L)));
        }
        return new Result(devices, ack, registered, cpuAtRegistered, milestones, Rig.loadAverage());
    }

    /**
     * CPU time bin/bridge's JVM has used (user + system, all threads): what the start costs whatever
     * else the machine runs; on an idle 2-core machine the wall time lies between half of it and all of it.
     */
    private static long javaCpuMillis(Process bridge) {
        return bridge.descendants().filter(h -> h.info().command().map(c -> c.endsWith("java")).orElse(false))
                .findFirst().map(h -> {
                    try {
                        return ProcStat.cpuNanos(h.pid()) / 1_000_000;
                    } catch (IOException | RuntimeException e) {
                        return -1L;
                    }
                }).orElse(-1L);
    }

    /** The bridge JVM's CPU per thread group when the line was registered, largest first, one per line in ms. */
    private static String threadCpu(Process bridge) {
        return bridge.descendants().filter(h -> h.info().command().map(c -> c.endsWith("java")).orElse(false))
                .findFirst().map(h -> {
                    try {
                        StringBuilder b = new StringBuilder();
                        ProcStat.cpuNanosByThread(h.pid()).entrySet().stream()
                                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                                .forEach(e -> b.append(String.format(Locale.ROOT, "%7d ms  %s%n", e.getValue() / 1_000_000,
                                        e.getKey())));
                        return b.toString();
                    } catch (IOException e) {
                        return "";
                    }
                }).orElse("");
    }

    private static void readLog(Process p, long t0, Map<String, Long> seen, List<String> stamped) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                long at = (System.nanoTime() - t0) / 1_000_000;
                stamped.add(String.format(Locale.ROOT, "%6d ms  %s", at, l));
                synchronized (seen) {
                    for (var m : MILESTONES.entrySet()) {
                        if (!seen.containsKey(m.getKey()) && l.contains(m.getValue())) {
                            seen.put(m.getKey(), at);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private static void write(Path file, Map<String, String> config) throws IOException {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(config).forEach((k, v) -> b.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }
}
