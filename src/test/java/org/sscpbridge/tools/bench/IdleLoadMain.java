package org.sscpbridge.tools.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * bin/load-idle: the steady-state benchmark ({@link IdleLoad}); prints one line per run and writes
 * a CSV and a Markdown table.
 *
 * <pre>
 * load-idle [--sizes 2500,5000,10000] [--kinds in-process,felix] [--keepalive S] [--settle S]
 *           [--window S] [--register-rate N] [--phones-per-ip N] [--set KEY=VALUE]... [--out DIR]
 *           [--csv FILE] [--md FILE]
 * </pre>
 */
public final class IdleLoadMain {
    private IdleLoadMain() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = List.of(2500, 5000, 10000);
        List<String> kinds = List.of("in-process", "felix");
        int keepalive = 30;
        int settle = 30;
        int window = 60;
        int rate = 500;
        int perIp = 100;
        Map<String, String> extra = new HashMap<>();
        Path out = null;
        Path csv = null;
        Path md = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[++i] : usage(a + " needs a value");
            switch (a) {
                case "--sizes" -> sizes = Arrays.stream(v.split(",")).map(String::trim).map(Integer::parseInt).toList();
                case "--kinds" -> kinds = Arrays.stream(v.split(",")).map(String::trim).toList();
                case "--keepalive" -> keepalive = Integer.parseInt(v);
                case "--settle" -> settle = Integer.parseInt(v);
                case "--window" -> window = Integer.parseInt(v);
                case "--register-rate" -> rate = Integer.parseInt(v);
                case "--phones-per-ip" -> perIp = Integer.parseInt(v);
                case "--set" -> extra.put(v.substring(0, v.indexOf('=')), v.substring(v.indexOf('=') + 1));
                case "--out" -> out = Path.of(v);
                case "--csv" -> csv = Path.of(v);
                case "--md" -> md = Path.of(v);
                default -> usage("unknown option " + a);
            }
        }
        for (String k : kinds) {
            if (!k.equals("in-process") && !k.equals("felix")) {
                usage("kinds: in-process, felix");
            }
        }
        Path dir = out != null ? Files.createDirectories(out) : Files.createTempDirectory("load-idle-");
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy), "bench-reaper"));
        System.err.printf(Locale.ROOT, "load-idle: sizes %s, %s, keepalive %d s, settle %d s, window %d s; files in %s%n",
                sizes, kinds, keepalive, settle, window, dir);
        List<String> failures = new ArrayList<>();
        List<IdleLoad.Row> rows = IdleLoad.run(new IdleLoad.Options(sizes, kinds, Duration.ofSeconds(keepalive),
                Duration.ofSeconds(settle), Duration.ofSeconds(window), rate, perIp, extra, dir), r -> System.out.println(
                        String.format(Locale.ROOT, "%-10s %6d phones: CPU %s, %.1f us per KeepAlive (%d sent, %d acked), "
                                + "heap %.0f B per phone, registered in %.1f s, load %s", r.kind(), r.phones(), r.cpu(),
                                r.cpu().microsPer(r.keepAlivesSent()), r.keepAlivesSent(), r.keepAliveAcks(),
                                r.heapPerPhone(), r.registerSeconds(), r.load())), failures);
        StringBuilder c = new StringBuilder(IdleLoad.Row.csvHeader()).append('\n');
        rows.forEach(r -> c.append(r.csv()).append('\n'));
        Files.writeString(csv != null ? csv : dir.resolve("idle.csv"), c.toString(), StandardCharsets.UTF_8);
        Files.writeString(md != null ? md : dir.resolve("idle.md"), markdown(rows, keepalive, window)
                + failures.stream().map(f -> "\nNot measured: " + f + "\n").reduce("", String::concat),
                StandardCharsets.UTF_8);
        boolean allAcked = rows.stream().allMatch(r -> r.keepAliveAcks() >= r.keepAlivesSent() * 0.99);
        System.exit(allAcked && failures.isEmpty() ? 0 : 1);
    }

    static String markdown(List<IdleLoad.Row> rows, int keepalive, int window) {
        StringBuilder b = new StringBuilder();
        b.append("| bridge | phones | KeepAlive/s | CPU, % of one core | CPU per KeepAlive | KeepAlives sent / acked in window"
                + " | live heap per idle phone | registered in | load avg (1/5/15 min) |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (IdleLoad.Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %.0f | **%.2f %%** | %.0f µs | %s / %s | **%.0f B = %.2f KiB** | %.0f s | %s |%n",
                    r.kind().equals("felix") ? "Felix (bin/bridge)" : "in-process", n(r.phones()),
                    (double) r.phones() / keepalive, 100 * r.cpu().ofOneCore(), r.cpu().microsPer(r.keepAlivesSent()),
                    n(r.keepAlivesSent()), n(r.keepAliveAcks()), r.heapPerPhone(), r.heapPerPhone() / 1024,
                    r.registerSeconds(), r.load()));
        }
        b.append(String.format(Locale.ROOT, "%nCPU window %d s, keepalive %d s; heap = live bytes (class histogram after full GC) "
                + "with every phone registered and idle, minus the same with every device configured and no phone yet, over N.%n",
                window, keepalive));
        return b.toString();
    }

    /** 10000 -> "10 000" (the docs' thousands separator). */
    static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v).replace(',', ' ');
    }

    private static String usage(String problem) {
        System.err.println("load-idle: " + problem);
        System.err.println("usage: load-idle [--sizes 2500,5000,10000] [--kinds in-process,felix] [--keepalive S] "
                + "[--settle S] [--window S] [--register-rate N] [--phones-per-ip N] [--set KEY=VALUE] [--out DIR] "
                + "[--csv FILE] [--md FILE]");
        System.exit(2);
        return null;
    }
}
