package org.sscpbridge.tools.loadcalls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.it.support.KamailioServer;
import org.sscpbridge.tools.bench.BridgeUnderTest;
import org.sscpbridge.tools.bench.FelixTarget;
import org.sscpbridge.tools.bench.InProcessTarget;
import org.sscpbridge.tools.bench.Rig;

/**
 * The call load harness (issue "Step 5"): a real Kamailio (N subscribers in db_text), one SIPp
 * UAS bound in Kamailio's location table as {@link #TARGET}, the bridge in-process (plain Java)
 * with N devices of one line each, N simulated phones, and a tshark capture of the bridge's SSCP
 * and SIP ports. Phones place {@code rate x duration} calls, evenly spaced, each held and hung up;
 * then the capture is turned into per-call latencies. Everything started here is stopped before
 * {@link #run} returns, also on failure. All traffic stays on the loopback interface.
 */
final class CallLoad {
    /** The number every phone dials: one AOR in Kamailio's location table, pointing at SIPp. */
    static final String TARGET = "5000";
    private static final int FIRST_LINE = 20001;

    /** Where each started call ended up. */
    record Counts(int attempted, int notStarted, int completed, int failed, int timedOut) {}

    /** Everything a run found. */
    record Result(CallLoadOptions options, int phones, Counts counts, double placedPerSecond,
            double completedPerSecond, double cpuMillisPerCall, int leftoverCalls, long sippSuccessful, long sippFailed,
            List<LatencyStats> latencies, int timelines, int completeTimelines, int measuredTimelines,
            int capturedPackets, String captureNote, List<String> failures, String loadBefore, String loadAfter,
            Path outDir) {

        LatencyStats latency(String prefix) {
            return latencies.stream().filter(l -> l.name().startsWith(prefix)).findFirst().orElse(null);
        }

        /** One header line and one row: what bin/bench/calls tabulates and plots (latencies in ms, -1: none). */
        String summaryCsv() {
            StringBuilder h = new StringBuilder("bridge,rate,phones,attempted,completed,failed,timed_out,placed_per_s,"
                    + "completed_per_s,sipp_failed,left_in_bridge");
            StringBuilder r = new StringBuilder(String.format(java.util.Locale.ROOT, "%s,%.1f,%d,%d,%d,%d,%d,%.1f,%.1f,%d,%d",
                    options.felix() ? "felix" : "in-process", options.rate(), phones, counts.attempted(),
                    counts.completed(), counts.failed(), counts.timedOut() + counts.notStarted(), placedPerSecond,
                    completedPerSecond, sippFailed, leftoverCalls));
            String[][] cols = {{"(a) ", "a"}, {"(a+a') ", "a_total"}, {"(b) ", "b"}, {"200 -> ACK", "ack"},
                {"OnHook -> BYE", "bye"}};
            for (String[] c : cols) {
                LatencyStats l = latency(c[0]);
                h.append(',').append(c[1]).append("_n,").append(c[1]).append("_p50_ms,").append(c[1]).append("_p99_ms,")
                        .append(c[1]).append("_max_ms");
                r.append(',').append(l == null ? 0 : l.count());
                for (long v : l == null ? new long[] {-1, -1, -1} : new long[] {l.p50(), l.p99(), l.max()}) {
                    r.append(',').append(v < 0 ? "-1" : String.format(java.util.Locale.ROOT, "%.2f", v / 1000.0));
                }
            }
            h.append(",load_before,load_after,cpu_ms_per_call");
            r.append(',').append(loadBefore.replace(' ', '/')).append(',').append(loadAfter.replace(' ', '/'))
                    .append(String.format(java.util.Locale.ROOT, ",%.3f", cpuMillisPerCall));
            return h + "\n" + r + "\n";
        }

        String report() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(java.util.Locale.ROOT,
                    "bridge %s, rate %.1f calls/s for %d s, hold %d ms, SIPp answers after %d ms, %d phones (%d per source IP)%n",
                    options.felix() ? "in Felix (bin/bridge)" : "in-process", options.rate(), options.duration().toSeconds(), options.hold().toMillis(), options.answerMillis(),
                    phones, options.phonesPerIp()));
            b.append(String.format(java.util.Locale.ROOT,
                    "calls: attempted %d, not started (no idle phone) %d, completed %d, failed %d, timed out %d%n",
                    counts.attempted(), counts.notStarted(), counts.completed(), counts.failed(), counts.timedOut()));
            b.append(String.format(java.util.Locale.ROOT, "placed %.1f calls/s, completed %.1f calls/s; bridge CPU %.2f ms per call%n",
                    placedPerSecond, completedPerSecond, cpuMillisPerCall));
            b.append("SIPp: successful ").append(sippSuccessful).append(", failed ").append(sippFailed).append('\n');
            b.append("calls left in the bridge after the run: ").append(leftoverCalls).append('\n');
            if (!failures.isEmpty()) {
                b.append("first failures: ").append(failures).append('\n');
            }
            b.append("capture: ").append(capturedPackets).append(" packets, ").append(timelines)
                    .append(" calls seen, ").append(completeTimelines).append(" complete, ").append(measuredTimelines)
                    .append(" after warm-up").append(captureNote.isEmpty() ? "" : "; " + captureNote).append('\n');
            for (LatencyStats l : latencies) {
                b.append(l).append('\n');
            }
            b.append("load average before: ").append(loadBefore).append(", after: ").append(loadAfter).append('\n');
            b.append("files: ").append(outDir).append('\n');
            return b.toString();
        }
    }

    private CallLoad() {
    }

    static Result run(CallLoadOptions o) throws Exception {
        Path dir = o.outDir() != null ? Files.createDirectories(o.outDir())
                : Files.createTempDirectory("load-calls-");
        String loadBefore = loadAverage();
        int n = o.phoneCount();
        List<String> devices = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<InetAddress> ips = new ArrayList<>();
        Map<String, String> subscribers = Rig.subscribers(n);
        for (int i = 0; i < n; i++) {
            devices.add(Rig.deviceId(i));
            lines.add(Rig.line(i));
            ips.add(Rig.address(i, o.phonesPerIp()));
        }
        int total = o.totalCalls();
        int sscpPort = FreePorts.udp();
        int sipPort = FreePorts.udp();

        KamailioServer kamailio = null;
        SippUas uas = null;
        WireCapture capture = null;
        BridgeUnderTest bridge = null;
        LoadPhones phones = null;
        Counts counts;
        int leftover;
        long[] sipp = {-1, -1};
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        double placedRate;
        int kamailioPort = -1;
        int sippPort = -1;
        double completedRate;
        double cpuPerCall = -1;
        Map<String, InetSocketAddress> phoneByLine = new LinkedHashMap<>();
        try {
            kamailio = KamailioServer.start(dir, subscribers);
            uas = SippUas.start(dir, o.answerMillis(), Math.max(total * 2, 1000));
            kamailioPort = kamailio.port();
            sippPort = uas.sipPort();
            kamailio.addBinding(TARGET, "sip:" + TARGET + "@127.0.0.1:" + uas.sipPort());
            if (o.capture()) {
                capture = WireCapture.start(dir, sscpPort, sipPort, kamailio.port());
            }
            Map<String, String> config = Rig.bridgeConfig(dir, sscpPort, sipPort, kamailio,
                    // The harness's phones send no KeepAlive: the longest interval keeps them registered for any run.
                    Map.of("keepalive", "3600"));
            bridge = o.felix() ? FelixTarget.start(dir, config, Rig.devices(n)) : InProcessTarget.start(config, Rig.devices(n));

            AtomicInteger completed = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            AtomicInteger timedOut = new AtomicInteger();
            Map<Integer, Long> endedAt = new ConcurrentHashMap<>();
            CountDownLatch[] allEnded = {null};
            Duration callTimeout = o.hold().plus(Duration.ofSeconds(20));
            phones = new LoadPhones(bridge.sscp(), devices, lines, ips, o.hold(),
                    callTimeout, (number, phone, outcome, detail) -> {
                        switch (outcome) {
                            case COMPLETED -> completed.incrementAndGet();
                            case FAILED -> failed.incrementAndGet();
                            case TIMED_OUT -> timedOut.incrementAndGet();
                        }
                        if (outcome != LoadPhones.Outcome.COMPLETED && failures.size() < 10) {
                            failures.add("call " + number + " on " + phone.line + ": " + outcome + " " + detail);
                        }
                        endedAt.put(number, System.nanoTime());
                        allEnded[0].countDown();
                    });
            for (LoadPhones.Phone p : phones.phones()) {
                phoneByLine.put(p.line, p.address);
            }
            phones.registerAll(100, Duration.ofSeconds(60 + n / 20));

            // Place the calls, evenly spaced.
            allEnded[0] = new CountDownLatch(total);
            int notStarted = 0;
            long cpuStart = bridge.cpuNanos();
            long start = System.nanoTime();
            long firstPlaced = -1;
            long lastPlaced = -1;
            for (int i = 0; i < total; i++) {
                long due = start + (long) (i * 1e9 / o.rate());
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (phones.placeCall(i, TARGET) == null) {
                    notStarted++;
                    allEnded[0].countDown();
                    if (failures.size() < 10) {
                        failures.add("call " + i + ": no idle phone");
                    }
                    continue;
                }
                lastPlaced = System.nanoTime();
                if (firstPlaced < 0) {
                    firstPlaced = lastPlaced;
                }
            }
            if (!allEnded[0].await(callTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                failures.add("not every call ended in time: " + allEnded[0].getCount() + " left");
            }
            int placed = total - notStarted;
            // The bridge's CPU time over the whole run (every call set up and torn down), per call: a cost that does not
            // depend on what else the machine runs, unlike the latencies.
            cpuPerCall = placed > 0 ? (bridge.cpuNanos() - cpuStart) / 1e6 / placed : -1;
            placedRate = placed > 1 ? (placed - 1) / ((lastPlaced - firstPlaced) / 1e9) : placed;
            long lastEnded = endedAt.values().stream().mapToLong(Long::longValue).max().orElse(firstPlaced);
            completedRate = completed.get() > 0 && lastEnded > firstPlaced
                    ? completed.get() / ((lastEnded - firstPlaced) / 1e9 - o.hold().toMillis() / 1000.0) : 0;
            counts = new Counts(total, notStarted, completed.get(), failed.get(),
                    timedOut.get() + (int) allEnded[0].getCount());

            // No call may be left behind in the bridge.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            leftover = bridge.liveCalls();
            while (leftover != 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                leftover = bridge.liveCalls();
            }
            Thread.sleep(1_500); // the last BYE answers, and SIPp's statistics line (written every second)
            sipp = uas.successfulAndFailed();
        } finally {
            // The bridge first, while the phones still answer its Reset; Kamailio last, after the bridge unregistered.
            closeAll(bridge, phones, capture, uas, kamailio);
        }

        String loadAfter = loadAverage();
        List<LatencyStats> latencies = new ArrayList<>();
        int timelines = 0;
        int complete = 0;
        int measured = 0;
        int packets = 0;
        String note = "";
        if (capture != null) {
            // tshark's last lines: "N packets captured" and, if any, "N packets dropped".
            note = String.join("; ", capture.output().lines().filter(l -> l.contains("packets")).toList());
            CaptureAnalysis.Result r = new CaptureAnalysis(sscpPort, sipPort, kamailioPort, sippPort, phoneByLine).analyse(capture.file());
            packets = r.packets();
            if (r.problem() != null) {
                note += " capture problem: " + r.problem();
            }
            if (r.sscpUndecodable() > 0) {
                note += " undecodable SSCP datagrams: " + r.sscpUndecodable();
            }
            timelines = r.calls().size();
            long firstDial = r.calls().stream().mapToLong(c -> c.dial).min().orElse(0);
            long warmupEnd = firstDial + o.warmup().toMillis() * 1000;
            List<CaptureAnalysis.Timeline> use = new ArrayList<>();
            for (CaptureAnalysis.Timeline c : r.calls()) {
                if (c.complete()) {
                    complete++;
                    if (c.dial >= warmupEnd) {
                        use.add(c);
                    }
                }
            }
            measured = use.size();
            latencies.add(LatencyStats.of("(a) MediaInfo -> INVITE", use.stream().map(c -> c.invite - c.mediaInfo).toList()));
            latencies.add(LatencyStats.of("(a') Dial -> OpenMedia", use.stream().map(c -> c.openMedia - c.dial).toList()));
            latencies.add(LatencyStats.of("(a+a') bridge share of Dial -> INVITE",
                    use.stream().map(c -> c.invite - c.mediaInfo + c.openMedia - c.dial).toList()));
            latencies.add(LatencyStats.of("Dial -> INVITE incl. phone's MediaInfo turn",
                    use.stream().map(c -> c.invite - c.dial).toList()));
            latencies.add(LatencyStats.of("(b) 200 -> StartMedia", use.stream().map(c -> c.startMedia - c.ok).toList()));
            latencies.add(LatencyStats.of("(b') 200 -> CallState Connected",
                    use.stream().map(c -> c.connected - c.ok).toList()));
            latencies.add(LatencyStats.of("200 -> ACK", use.stream().filter(c -> c.ack > 0)
                    .map(c -> c.ack - c.ok).toList()));
            latencies.add(LatencyStats.of("OnHook -> BYE", use.stream().map(c -> c.bye - c.onHook).toList()));
            writeTimelines(dir.resolve("calls.csv"), r.calls());
        }
        Result result = new Result(o, n, counts, placedRate, completedRate, cpuPerCall, leftover, sipp[0], sipp[1], latencies,
                timelines, complete, measured, packets, note.trim(), List.copyOf(failures), loadBefore, loadAfter, dir);
        Files.writeString(dir.resolve("report.txt"), result.report(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("summary.csv"), result.summaryCsv(), StandardCharsets.UTF_8);
        return result;
    }

    private static void writeTimelines(Path file, List<CaptureAnalysis.Timeline> calls) throws IOException {
        StringBuilder b = new StringBuilder("phone,callId,sipCallId,dial,openMedia,mediaInfo,invite,ringing,ok,ack,"
                + "startMedia,connected,onHook,bye,byeOk,idle\n");
        for (CaptureAnalysis.Timeline c : calls) {
            b.append(c.phone.getAddress().getHostAddress()).append(':').append(c.phone.getPort()).append(',')
                    .append(c.callId).append(',').append(c.sipCallId);
            for (long t : new long[] {c.dial, c.openMedia, c.mediaInfo, c.invite, c.ringing, c.ok, c.ack,
                    c.startMedia, c.connected, c.onHook, c.bye, c.byeOk, c.idle}) {
                b.append(',').append(t);
            }
            b.append('\n');
        }
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }

    /** Closes in reverse order of need; every close is tried even if an earlier one throws. */
    private static void closeAll(AutoCloseable... all) throws Exception {
        Exception first = null;
        for (AutoCloseable c : all) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
