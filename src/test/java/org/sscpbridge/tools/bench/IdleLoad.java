package org.sscpbridge.tools.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.it.support.KamailioServer;
import org.sscpbridge.tools.loadcalls.LoadPhones;

/**
 * Steady state (issue 13, target 3): N registered phones, each sending KeepAlive every
 * {@code keepalive} seconds (evenly spread over the interval), one line each registered at a real
 * Kamailio. After the phones are registered and one keepalive round has passed, the bridge's CPU
 * time is read over a window; then its live heap after full GC. The same for each size and each
 * bridge kind (in-process, bin/bridge in Felix).
 */
public final class IdleLoad {
    /** One measured run. */
    public record Row(String kind, int phones, double registerSeconds, CpuWindow cpu, long keepAlivesSent,
            long keepAliveAcks, long heapBefore, long heapAfter, String load) {
        /** Live heap per registered idle phone: the growth from configured-and-silent to registered, over N. */
        public double heapPerPhone() {
            return (double) (heapAfter - heapBefore) / phones;
        }

        static String csvHeader() {
            return "kind,phones,register_s,cpu_percent_one_core,cpu_us_per_keepalive,keepalives_sent,keepalive_acks,"
                    + "heap_before_bytes,heap_after_bytes,heap_per_phone_bytes,load_avg";
        }

        String csv() {
            return String.format(Locale.ROOT, "%s,%d,%.1f,%.3f,%.1f,%d,%d,%d,%d,%.0f,%s", kind, phones,
                    registerSeconds, 100 * cpu.ofOneCore(), cpu.microsPer(keepAlivesSent), keepAlivesSent,
                    keepAliveAcks, heapBefore, heapAfter, heapPerPhone(), load.replace(' ', '/'));
        }
    }

    /** What one invocation runs. */
    public record Options(List<Integer> sizes, List<String> kinds, Duration keepalive, Duration settle, Duration window,
            int registerRate, int phonesPerIp, Map<String, String> extraConfig, Path dir) {}

    private IdleLoad() {
    }

    /** Runs every size and kind; those that could not be measured are added to {@code failures}. */
    public static List<Row> run(Options o, java.util.function.Consumer<Row> each, List<String> failures)
            throws Exception {
        int max = o.sizes().stream().mapToInt(Integer::intValue).max().orElse(0);
        List<Row> rows = new ArrayList<>();
        try (KamailioServer kamailio = KamailioServer.start(o.dir(), Rig.subscribers(max), KamailioServer.LOG_NOTICE)) {
            for (int n : o.sizes()) {
                for (String kind : o.kinds()) {
                    try {
                        Row r = one(o, kamailio, kind, n);
                        rows.add(r);
                        each.accept(r);
                    } catch (Exception | AssertionError e) {
                        // One size that cannot be measured (e.g. phones not registered in time) leaves the others.
                        System.err.println("load-idle: " + kind + " with " + n + " phones not measured: " + e.getMessage());
                        failures.add(kind + " " + n + ": " + e.getMessage());
                    }
                }
            }
        }
        return rows;
    }

    private static Row one(Options o, KamailioServer kamailio, String kind, int n) throws Exception {
        Path dir = Files.createDirectories(o.dir().resolve(kind + "-" + n));
        Map<String, String> extra = new java.util.HashMap<>(o.extraConfig());
        extra.put("keepalive", String.valueOf(o.keepalive().toSeconds()));
        extra.put("register.rate", String.valueOf(o.registerRate()));
        extra.put("sscp.max.peers", String.valueOf(Math.max(20_000, 2 * n)));
        Map<String, String> config = Rig.bridgeConfig(dir, FreePorts.udp(), FreePorts.udp(), kamailio, extra);
        List<String> ids = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<java.net.InetAddress> ips = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(Rig.deviceId(i));
            lines.add(Rig.line(i));
            ips.add(Rig.address(i, o.phonesPerIp()));
        }
        BridgeUnderTest bridge = null;
        LoadPhones phones = null;
        Thread sender = null;
        AtomicLong sent = new AtomicLong();
        try {
            bridge = kind.equals("felix") ? FelixTarget.start(dir, config, Rig.devices(n))
                    : InProcessTarget.start(config, Rig.devices(n));
            phones = new LoadPhones(bridge.sscp(), ids, lines, ips, Duration.ZERO, Duration.ofSeconds(30),
                    (number, phone, outcome, detail) -> { });
            long heapBefore = bridge.liveHeapBytes();
            long t0 = System.nanoTime();
            phones.registerAll(Math.max(o.registerRate(), 100), Duration.ofSeconds(120 + n / Math.max(1, o.registerRate())));
            double registerSeconds = (System.nanoTime() - t0) / 1e9;

            LoadPhones fleet = phones;
            long interval = o.keepalive().toNanos();
            sender = new Thread(() -> keepAlives(fleet, interval, sent), "bench-keepalive");
            sender.setDaemon(true);
            sender.start();
            Thread.sleep(o.settle().toMillis());

            long sent0 = sent.get();
            long acks0 = phones.keepAliveAcks();
            long cpu0 = bridge.cpuNanos();
            long wall0 = System.nanoTime();
            Thread.sleep(o.window().toMillis());
            long cpu1 = bridge.cpuNanos();
            long wall1 = System.nanoTime();
            CpuWindow cpu = CpuWindow.between(cpu0, wall0, cpu1, wall1);
            long sentInWindow = sent.get() - sent0;
            long acksInWindow = phones.keepAliveAcks() - acks0;
            String load = Rig.loadAverage();
            long heapAfter = bridge.liveHeapBytes();
            return new Row(kind, n, registerSeconds, cpu, sentInWindow, acksInWindow, heapBefore, heapAfter, load);
        } finally {
            if (sender != null) {
                sender.interrupt();
                sender.join(5_000);
            }
            // The bridge first, while the phones still answer its Reset; it removes its bindings.
            if (bridge != null) {
                bridge.close();
            }
            if (phones != null) {
                phones.close();
            }
        }
    }

    /** Phone i sends at i x interval / N into every round, so KeepAlives arrive evenly spread. */
    private static void keepAlives(LoadPhones phones, long intervalNanos, AtomicLong sent) {
        List<LoadPhones.Phone> all = phones.phones();
        long start = System.nanoTime();
        try {
            for (long round = 0; ; round++) {
                for (int i = 0; i < all.size(); i++) {
                    long due = start + round * intervalNanos + i * intervalNanos / all.size();
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    phones.keepAlive(all.get(i));
                    sent.incrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.io.IOException e) {
            System.err.println("bench: KeepAlive send failed: " + e);
        }
    }
}
