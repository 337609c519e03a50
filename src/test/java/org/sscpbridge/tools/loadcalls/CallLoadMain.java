package org.sscpbridge.tools.loadcalls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * bin/load-calls: runs the call load harness once and prints its report.
 *
 * <pre>
 * load-calls [--rate CALLS_PER_S] [--duration S] [--hold MS] [--warmup S] [--phones N]
 *            [--phones-per-ip N] [--answer-ms MS] [--out DIR] [--no-capture] [--felix]
 * </pre>
 *
 * Exit code 0 when every call completed and no call was left in the bridge, 1 otherwise, 2 on a
 * usage error.
 */
public final class CallLoadMain {
    private CallLoadMain() {
    }

    public static void main(String[] args) throws Exception {
        CallLoadOptions o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("load-calls: " + e.getMessage());
            System.err.println("usage: load-calls [--rate CALLS_PER_S] [--duration S] [--hold MS] [--warmup S] "
                    + "[--phones N] [--phones-per-ip N] [--answer-ms MS] [--out DIR] [--no-capture] [--felix]");
            System.exit(2);
            return;
        }
        System.err.printf(Locale.ROOT, "load-calls: %d calls at %.1f/s, %d phones, bridge %s; files in %s%n",
                o.totalCalls(), o.rate(), o.phoneCount(), o.felix() ? "in Felix (bin/bridge)" : "in-process", o.outDir() == null ? "a temporary folder" : o.outDir());
        // Ctrl-C skips the harness's own clean-up: Kamailio, SIPp and tshark are stopped here then.
        Thread reaper = new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy),
                "load-calls-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        CallLoad.Result r = CallLoad.run(o);
        System.out.print(r.report());
        boolean ok = r.counts().completed() == r.counts().attempted() && r.leftoverCalls() == 0;
        System.exit(ok ? 0 : 1);
    }

    static CallLoadOptions parse(String[] args) {
        CallLoadOptions d = CallLoadOptions.defaults();
        double rate = d.rate();
        Duration duration = d.duration();
        Duration hold = d.hold();
        Duration warmup = d.warmup();
        int phones = d.phones();
        int perIp = d.phonesPerIp();
        int answer = d.answerMillis();
        Path out = null;
        boolean capture = true;
        boolean felix = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--no-capture")) {
                capture = false;
                continue;
            }
            if (a.equals("--felix")) {
                felix = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            try {
                switch (a) {
                    case "--rate" -> rate = Double.parseDouble(v);
                    case "--duration" -> duration = Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
                    case "--hold" -> hold = Duration.ofMillis(Long.parseLong(v));
                    case "--warmup" -> warmup = Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
                    case "--phones" -> phones = Integer.parseInt(v);
                    case "--phones-per-ip" -> perIp = Integer.parseInt(v);
                    case "--answer-ms" -> answer = Integer.parseInt(v);
                    case "--out" -> out = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(a + ": not a number: " + v);
            }
        }
        return new CallLoadOptions(rate, duration, hold, warmup, phones, perIp, answer, out, capture, felix);
    }
}
