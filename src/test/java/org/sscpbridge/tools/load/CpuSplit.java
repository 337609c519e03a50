package org.sscpbridge.tools.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a round's CPU went: this JVM's threads (every native thread, the JIT's and the
 * collector's included) grouped by what they do, and Kamailio's processes, read from
 * {@code /proc} before and after the round's wave (not its start or teardown). The harness's
 * profile of the gap between the bridged and the bare side: one JVM holds the simulated phones,
 * the bridge and the SIP stack, so their CPU is told apart by thread name (Linux keeps the first
 * 15 characters of a Java thread's name as the native name).
 */
final class CpuSplit {
    /** Groups in the order reports show them. */
    static final List<String> GROUPS = List.of("phones", "sessions", "timer", "store", "sip", "jit", "gc+vm", "other",
            "kamailio");

    private static final long TICK_NANOS = 1_000_000_000L / clockTicksPerSecond();

    private final Map<String, Long> ticksByTask;
    private final long kamailioTicks;

    private CpuSplit(Map<String, Long> ticksByTask, long kamailioTicks) {
        this.ticksByTask = ticksByTask;
        this.kamailioTicks = kamailioTicks;
    }

    /** Now; {@code kamailioPid} 0 when there is none to count. */
    static CpuSplit take(long kamailioPid) {
        Map<String, Long> tasks = new HashMap<>();
        try (Stream<Path> dirs = Files.list(Path.of("/proc/self/task"))) {
            dirs.forEach(d -> {
                String[] stat = stat(d.resolve("stat"));
                if (stat != null) {
                    // Key: tid and name (a tid may be reused by a later thread of another name).
                    tasks.put(d.getFileName() + " " + stat[0], ticks(stat));
                }
            });
        } catch (IOException e) {
            // Not Linux: no split; the report then shows zeros.
        }
        return new CpuSplit(tasks, kamailioPid > 0 ? processTreeTicks(kamailioPid) : 0);
    }

    /** Milliseconds of CPU per group from {@code before} to this sample. */
    Map<String, Double> since(CpuSplit before) {
        Map<String, Double> ms = new LinkedHashMap<>();
        GROUPS.forEach(g -> ms.put(g, 0.0));
        ticksByTask.forEach((task, ticks) -> {
            long delta = ticks - before.ticksByTask.getOrDefault(task, 0L);
            String group = group(task.substring(task.indexOf(' ') + 1));
            ms.merge(group, delta * TICK_NANOS / 1e6, Double::sum);
        });
        ms.put("kamailio", (kamailioTicks - before.kamailioTicks) * TICK_NANOS / 1e6);
        return ms;
    }

    static String group(String nativeName) {
        if (nativeName.startsWith("load-phones")) {
            return "phones";
        }
        if (nativeName.startsWith("sscp-store")) {
            return "store";
        }
        if (nativeName.startsWith("sscp-receive") || nativeName.startsWith("phone-events")) {
            return "sessions"; // SSCP in, the phones' sessions, and the SIP work they start
        }
        if (nativeName.startsWith("sscp-bridge") || nativeName.startsWith("bare-ua-timer")) {
            return "timer"; // the bridge's scheduler: paced REGISTERs are built and sent here on both sides
        }
        if (nativeName.startsWith("sscp-sip-bridge") || nativeName.startsWith("MessageProcesso")
                || nativeName.startsWith("pool-jain_sip") || nativeName.startsWith("sip-dialog")
                || nativeName.startsWith("EventScanner")) {
            return "sip";
        }
        if (nativeName.startsWith("C1 Compiler") || nativeName.startsWith("C2 Compiler")) {
            return "jit";
        }
        if (nativeName.startsWith("GC ") || nativeName.startsWith("G1 ") || nativeName.startsWith("VM ")
                || nativeName.matches("Z[A-Z][a-z]+.*")) { // ZGC's ZWorker#N, ZDriver, ZDirector, ZStat, ...
            return "gc+vm";
        }
        return "other";
    }

    private static long processTreeTicks(long root) {
        long sum = 0;
        try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                String name = d.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String[] stat = stat(d.resolve("stat"));
                // After the name: [1] state, [2] ppid.
                if (stat != null && (name.equals(Long.toString(root)) || stat[2].equals(Long.toString(root)))) {
                    sum += ticks(stat);
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return sum;
    }

    /** The name, then the fields after it (state, ppid, ...); null if the task is gone. */
    private static String[] stat(Path file) {
        try {
            String s = Files.readString(file);
            int open = s.indexOf('(');
            int close = s.lastIndexOf(')');
            String[] rest = s.substring(close + 2).split(" ");
            String[] out = new String[rest.length + 1];
            out[0] = s.substring(open + 1, close);
            System.arraycopy(rest, 0, out, 1, rest.length);
            return out;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** utime + stime: fields 14 and 15 of stat, [12] and [13] here. */
    private static long ticks(String[] stat) {
        return Long.parseLong(stat[12]) + Long.parseLong(stat[13]);
    }

    private static long clockTicksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
