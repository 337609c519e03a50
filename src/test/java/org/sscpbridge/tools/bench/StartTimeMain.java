package org.sscpbridge.tools.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.sscpbridge.it.support.KamailioServer;

/**
 * bin/bench/start's harness: {@link StartTime} for each number of configured devices, {@code runs}
 * times each; prints, and writes a CSV and a Markdown table (median of the runs, and each run).
 *
 * <pre>
 * StartTimeMain [--devices 1,100,1000] [--runs 3] [--out DIR] [--csv FILE] [--md FILE]
 * </pre>
 */
public final class StartTimeMain {
    private StartTimeMain() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = List.of(1, 100, 1000);
        int runs = 3;
        Path out = null;
        Path csv = null;
        Path md = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--devices" -> sizes = Arrays.stream(v.split(",")).map(String::trim).map(Integer::parseInt).toList();
                case "--runs" -> runs = Integer.parseInt(v);
                case "--out" -> out = Path.of(v);
                case "--csv" -> csv = Path.of(v);
                case "--md" -> md = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path dir = out != null ? Files.createDirectories(out) : Files.createTempDirectory("bench-start-");
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy), "bench-reaper"));
        int max = sizes.stream().mapToInt(Integer::intValue).max().orElse(1);
        List<StartTime.Result> all = new ArrayList<>();
        try (KamailioServer kamailio = KamailioServer.start(dir, Rig.subscribers(max), KamailioServer.LOG_NOTICE)) {
            for (int n : sizes) {
                for (int r = 0; r < runs; r++) {
                    StartTime.Result res = StartTime.measure(Files.createDirectories(dir.resolve(n + "-" + r)),
                            dir.resolve("data-" + n), kamailio, n);
                    all.add(res);
                    System.out.printf(Locale.ROOT, "%5d devices: RegisterAck %d ms, registered %d ms (bridge JVM CPU %d ms), "
                            + "milestones %s, load %s%n", n, res.registerAckMs(), res.registeredMs(),
                            res.cpuAtRegisteredMs(), res.milestones(), res.load());
                }
            }
        }
        StringBuilder c = new StringBuilder("devices,run,register_ack_ms,registered_ms,cpu_at_registered_ms");
        StartTime.MILESTONES.keySet().forEach(k -> c.append(',').append(k.replace(' ', '_')).append("_ms"));
        c.append(",load_avg\n");
        for (int i = 0; i < all.size(); i++) {
            StartTime.Result r = all.get(i);
            c.append(r.devices()).append(',').append(i % runs).append(',').append(r.registerAckMs()).append(',')
                    .append(r.registeredMs()).append(',').append(r.cpuAtRegisteredMs());
            r.milestones().values().forEach(v -> c.append(',').append(v));
            c.append(',').append(r.load().replace(' ', '/')).append('\n');
        }
        Files.writeString(csv != null ? csv : dir.resolve("start.csv"), c.toString(), StandardCharsets.UTF_8);
        Files.writeString(md != null ? md : dir.resolve("start.md"), markdown(all, sizes, runs), StandardCharsets.UTF_8);
        boolean ok = all.stream().allMatch(r -> r.registeredMs() >= 0);
        System.exit(ok ? 0 : 1);
    }

    static String markdown(List<StartTime.Result> all, List<Integer> sizes, int runs) {
        StringBuilder b = new StringBuilder("| devices configured | launch → RegisterAck (median) | launch → line registered (median) | each run, registered (first: new store) | bridge JVM CPU until registered (median) |");
        StartTime.MILESTONES.keySet().forEach(k -> b.append(' ').append(k).append(" (median) |"));
        b.append(" load avg (1 min) |\n|---:|---:|---:|---|---:|");
        StartTime.MILESTONES.keySet().forEach(k -> b.append("---:|"));
        b.append("---|\n");
        for (int n : sizes) {
            List<StartTime.Result> rs = all.stream().filter(r -> r.devices() == n).toList();
            b.append(String.format(Locale.ROOT, "| %d | %s | **%s** | %s | %s |", n,
                    ms(median(rs.stream().mapToLong(StartTime.Result::registerAckMs).toArray())),
                    ms(median(rs.stream().mapToLong(StartTime.Result::registeredMs).toArray())),
                    String.join(" / ", rs.stream().map(r -> ms(r.registeredMs())).toList()),
                    ms(median(rs.stream().mapToLong(StartTime.Result::cpuAtRegisteredMs).toArray()))));
            for (String k : StartTime.MILESTONES.keySet()) {
                b.append(' ').append(ms(median(rs.stream().mapToLong(r -> r.milestones().get(k)).toArray()))).append(" |");
            }
            b.append(' ').append(String.join(" / ", rs.stream().map(r -> r.load().split(" ")[0]).toList())).append(" |\n");
        }
        return b.toString();
    }

    static long median(long[] v) {
        if (v.length == 0) {
            return -1;
        }
        long[] s = v.clone();
        Arrays.sort(s);
        return s[(s.length - 1) / 2];
    }

    private static String ms(long v) {
        return v < 0 ? "–" : String.format(Locale.ROOT, "%.2f s", v / 1000.0);
    }
}
